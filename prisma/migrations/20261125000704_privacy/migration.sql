-- CreateTable
CREATE TABLE "AccessRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT,
    "action" TEXT NOT NULL,
    "hiddenTupleIds" TEXT NOT NULL DEFAULT '[]',
    "hideLastSeen" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "VisibilityRule" (
    "watcherId" TEXT NOT NULL,
    "presentityId" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,

    PRIMARY KEY ("watcherId", "presentityId")
);

-- CreateTable
CREATE TABLE "WatchDaily" (
    "presentityId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("presentityId", "day", "kind")
);

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
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Presentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Presentity" ("availability", "lastSeenAt", "note", "statusExpiresAt", "updatedAt", "userId", "version") SELECT "availability", "lastSeenAt", "note", "statusExpiresAt", "updatedAt", "userId", "version" FROM "Presentity";
DROP TABLE "Presentity";
ALTER TABLE "new_Presentity" RENAME TO "Presentity";
CREATE INDEX "Presentity_statusExpiresAt_idx" ON "Presentity"("statusExpiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AccessRule_ownerId_position_idx" ON "AccessRule"("ownerId", "position");

-- CreateIndex
CREATE INDEX "VisibilityRule_presentityId_idx" ON "VisibilityRule"("presentityId");
