-- CreateTable
CREATE TABLE "InstantInbox" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "acceptFrom" TEXT NOT NULL DEFAULT 'everyone',
    "readReceipts" BOOLEAN NOT NULL DEFAULT true,
    "notifyWhileBusy" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "InstantInbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "recipientId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "deliveredAt" DATETIME,
    "readAt" DATETIME,
    "deletedBySender" BOOLEAN NOT NULL DEFAULT false,
    "deletedByRecipient" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Conversation" (
    "ownerId" TEXT NOT NULL,
    "peerId" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "lastReadSeq" INTEGER NOT NULL DEFAULT 0,
    "peerReadSeq" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("ownerId", "peerId"),
    CONSTRAINT "Conversation_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_peerId_fkey" FOREIGN KEY ("peerId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Message_id_key" ON "Message"("id");

-- CreateIndex
CREATE INDEX "Message_recipientId_seq_idx" ON "Message"("recipientId", "seq");

-- CreateIndex
CREATE INDEX "Message_senderId_seq_idx" ON "Message"("senderId", "seq");

-- CreateIndex
CREATE INDEX "Message_senderId_recipientId_seq_idx" ON "Message"("senderId", "recipientId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Message_senderId_clientId_key" ON "Message"("senderId", "clientId");

-- CreateIndex
CREATE INDEX "Conversation_ownerId_lastSeq_idx" ON "Conversation"("ownerId", "lastSeq");

-- Full-text search of message bodies (FTS5), written by hand: Prisma does not model virtual
-- tables, so lib/db/migrate.ts tells the schema engine to leave these tables alone. The index
-- stores no copy of the text (content=''). Each row also lists the inboxes that still hold the
-- message ("u" + the account id without dashes), so a search reads only the searcher's own
-- messages from the index, and deleting a message from one side drops it from that side's
-- results.
CREATE VIRTUAL TABLE "MessageSearch" USING fts5(
    body,
    inboxes,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER "Message_search_insert" AFTER INSERT ON "Message" BEGIN
    INSERT INTO "MessageSearch" (rowid, body, inboxes) VALUES (
        new."seq",
        new."body",
        (CASE WHEN new."deletedBySender" THEN '' ELSE 'u' || replace(new."senderId", '-', '') END) || ' ' ||
        (CASE WHEN new."deletedByRecipient" THEN '' ELSE 'u' || replace(new."recipientId", '-', '') END)
    );
END;

CREATE TRIGGER "Message_search_update" AFTER UPDATE OF "deletedBySender", "deletedByRecipient" ON "Message" BEGIN
    DELETE FROM "MessageSearch" WHERE rowid = old."seq";
    INSERT INTO "MessageSearch" (rowid, body, inboxes) VALUES (
        new."seq",
        new."body",
        (CASE WHEN new."deletedBySender" THEN '' ELSE 'u' || replace(new."senderId", '-', '') END) || ' ' ||
        (CASE WHEN new."deletedByRecipient" THEN '' ELSE 'u' || replace(new."recipientId", '-', '') END)
    );
END;

CREATE TRIGGER "Message_search_delete" AFTER DELETE ON "Message" BEGIN
    DELETE FROM "MessageSearch" WHERE rowid = old."seq";
END;
