-- CreateTable
CREATE TABLE "XmppCursor" (
    "userId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "XmppCursor_pkey" PRIMARY KEY ("userId","resource")
);

-- AddForeignKey
ALTER TABLE "XmppCursor" ADD CONSTRAINT "XmppCursor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
