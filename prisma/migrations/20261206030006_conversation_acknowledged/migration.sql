-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Conversation" (
    "ownerId" TEXT NOT NULL,
    "peerId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "lastReadSeq" INTEGER NOT NULL DEFAULT 0,
    "peerReadSeq" INTEGER NOT NULL DEFAULT 0,
    "acknowledged" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("ownerId", "peerId"),
    CONSTRAINT "Conversation_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_peerId_fkey" FOREIGN KEY ("peerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Conversation" ("lastReadSeq", "lastSeq", "ownerId", "peerId", "peerReadSeq", "state", "updatedAt") SELECT "lastReadSeq", "lastSeq", "ownerId", "peerId", "peerReadSeq", "state", "updatedAt" FROM "Conversation";
DROP TABLE "Conversation";
ALTER TABLE "new_Conversation" RENAME TO "Conversation";
CREATE INDEX "Conversation_ownerId_lastSeq_idx" ON "Conversation"("ownerId", "lastSeq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
