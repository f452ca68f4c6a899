-- CreateTable
CREATE TABLE "GroupConversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "creatorId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "addedById" TEXT NOT NULL,
    "enteredSeq" INTEGER NOT NULL,
    "fromSeq" INTEGER NOT NULL,
    "untilSeq" INTEGER,
    "deliveredSeq" INTEGER NOT NULL DEFAULT 0,
    "readSeq" INTEGER NOT NULL DEFAULT 0,
    "clearedSeq" INTEGER NOT NULL DEFAULT 0,
    "pinnedAt" DATETIME,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "markedUnread" BOOLEAN NOT NULL DEFAULT false,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("groupId", "userId")
);

-- CreateTable
CREATE TABLE "GroupMessage" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "event" TEXT,
    "sentAt" DATETIME NOT NULL,
    "replyToSeq" INTEGER,
    "editedAt" DATETIME,
    "retractedAt" DATETIME
);

-- CreateTable
CREATE TABLE "GroupReaction" (
    "messageSeq" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("messageSeq", "userId", "emoji")
);

-- CreateIndex
CREATE UNIQUE INDEX "GroupConversation_creatorId_clientId_key" ON "GroupConversation"("creatorId", "clientId");

-- CreateIndex
CREATE INDEX "GroupMember_userId_idx" ON "GroupMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMessage_id_key" ON "GroupMessage"("id");

-- CreateIndex
CREATE INDEX "GroupMessage_groupId_seq_idx" ON "GroupMessage"("groupId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMessage_senderId_clientId_key" ON "GroupMessage"("senderId", "clientId");
