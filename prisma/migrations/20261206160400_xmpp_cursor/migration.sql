-- CreateTable
CREATE TABLE "XmppCursor" (
    "userId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "resource"),
    CONSTRAINT "XmppCursor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
