-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Presentity" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "version" BIGINT NOT NULL DEFAULT 0,
    "availability" TEXT NOT NULL DEFAULT 'available',
    "note" TEXT,
    "statusExpiresAt" DATETIME,
    "lastSeenAt" DATETIME,
    "invisible" BOOLEAN NOT NULL DEFAULT false,
    "watcherRetentionDays" INTEGER NOT NULL DEFAULT 30,
    "customRules" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Presentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Presentity" ("availability", "invisible", "lastSeenAt", "note", "statusExpiresAt", "updatedAt", "userId", "version", "watcherRetentionDays") SELECT "availability", "invisible", "lastSeenAt", "note", "statusExpiresAt", "updatedAt", "userId", "version", "watcherRetentionDays" FROM "Presentity";
DROP TABLE "Presentity";
ALTER TABLE "new_Presentity" RENAME TO "Presentity";
CREATE INDEX "Presentity_statusExpiresAt_idx" ON "Presentity"("statusExpiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
