-- CreateTable
CREATE TABLE "QuietHours" (
    "userId" TEXT NOT NULL,
    "zone" TEXT NOT NULL,
    "ranges" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuietHours_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "QuietHours" ADD CONSTRAINT "QuietHours_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
