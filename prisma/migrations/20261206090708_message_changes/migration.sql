-- AlterTable
ALTER TABLE "Message" ADD COLUMN "editedAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "replyToSeq" INTEGER;
ALTER TABLE "Message" ADD COLUMN "retractedAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "senderBody" TEXT;
ALTER TABLE "Message" ADD COLUMN "senderEditedAt" DATETIME;
ALTER TABLE "Message" ADD COLUMN "senderRetractedAt" DATETIME;

-- CreateTable
CREATE TABLE "MessageReaction" (
    "messageSeq" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("messageSeq", "userId", "emoji"),
    CONSTRAINT "MessageReaction_messageSeq_fkey" FOREIGN KEY ("messageSeq") REFERENCES "Message" ("seq") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MessageChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageSeq" INTEGER NOT NULL,
    "actorId" TEXT NOT NULL,
    "peerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "clientId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    CONSTRAINT "MessageChange_messageSeq_fkey" FOREIGN KEY ("messageSeq") REFERENCES "Message" ("seq") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MessageChange_actorId_seq_idx" ON "MessageChange"("actorId", "seq");

-- CreateIndex
CREATE INDEX "MessageChange_peerId_seq_idx" ON "MessageChange"("peerId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "MessageChange_actorId_clientId_key" ON "MessageChange"("actorId", "clientId");

-- Written by hand: an edit or a deletion for everyone rewrites "body", and the search index
-- (MessageSearch, see the messaging migration) must follow it. The messaging migration's update
-- trigger fires on the deletion flags only, so this one covers the body.
CREATE TRIGGER "Message_search_update_body" AFTER UPDATE OF "body" ON "Message" BEGIN
    DELETE FROM "MessageSearch" WHERE rowid = old."seq";
    INSERT INTO "MessageSearch" (rowid, body, inboxes) VALUES (
        new."seq",
        new."body",
        (CASE WHEN new."deletedBySender" THEN '' ELSE 'u' || replace(new."senderId", '-', '') END) || ' ' ||
        (CASE WHEN new."deletedByRecipient" THEN '' ELSE 'u' || replace(new."recipientId", '-', '') END)
    );
END;
