-- CreateTable
CREATE TABLE "QuietHours" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "zone" TEXT NOT NULL,
    "ranges" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "QuietHours_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
