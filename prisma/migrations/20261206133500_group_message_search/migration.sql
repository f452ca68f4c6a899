-- Full-text search of group message bodies (FTS5), written by hand as the messages' one is (see
-- the messaging migration; lib/db/migrate.ts tells the schema engine to leave these tables
-- alone). The index stores no copy of the text (content=''). One row per message, whatever the
-- number of members: who may find it (each member's range, blocks) is decided at search time
-- by joining "GroupMember". System lines and messages deleted for everyone are not indexed.
CREATE VIRTUAL TABLE "GroupMessageSearch" USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO "GroupMessageSearch" (rowid, body)
    SELECT "seq", "body" FROM "GroupMessage" WHERE "event" IS NULL AND "retractedAt" IS NULL AND "body" <> '';

CREATE TRIGGER "GroupMessage_search_insert" AFTER INSERT ON "GroupMessage"
WHEN new."event" IS NULL AND new."body" <> '' BEGIN
    INSERT INTO "GroupMessageSearch" (rowid, body) VALUES (new."seq", new."body");
END;

-- An edit rewrites "body"; a deletion for everyone empties it (and sets "retractedAt").
CREATE TRIGGER "GroupMessage_search_update" AFTER UPDATE OF "body", "retractedAt" ON "GroupMessage" BEGIN
    DELETE FROM "GroupMessageSearch" WHERE rowid = old."seq";
    INSERT INTO "GroupMessageSearch" (rowid, body)
        SELECT new."seq", new."body" WHERE new."event" IS NULL AND new."retractedAt" IS NULL AND new."body" <> '';
END;

CREATE TRIGGER "GroupMessage_search_delete" AFTER DELETE ON "GroupMessage" BEGIN
    DELETE FROM "GroupMessageSearch" WHERE rowid = old."seq";
END;
