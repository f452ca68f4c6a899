-- Written by hand: the full-text indexes leave this database. FTS5's segment merges (heavy
-- with the prefix indexes) ran inside each message's transaction, so a send could wait 50–150 ms
-- behind another's merge (docs/scaling.md, stop 29). The indexes now live in a file of their own
-- beside this one (`<file>-search.db`), written by a thread of their own (lib/db/search-indexer.ts),
-- which builds them again from the messages when that file is missing.
-- Here, a message's transaction only notes which message changed: one row in "SearchBacklog",
-- on exactly the events the old search triggers reacted to. The indexer reads the rows past the
-- last one it indexed, indexes each message's current state, and deletes the rows it has done.
-- AUTOINCREMENT: ids must never be reused once pruned, or the indexer would skip them.
-- lib/db/migrate.ts tells the schema engine to leave "SearchBacklog" alone (PostgreSQL has none).
DROP TRIGGER "Message_search_insert";
DROP TRIGGER "Message_search_update";
DROP TRIGGER "Message_search_update_body";
DROP TRIGGER "Message_search_delete";
DROP TRIGGER "GroupMessage_search_insert";
DROP TRIGGER "GroupMessage_search_update";
DROP TRIGGER "GroupMessage_search_delete";
DROP TABLE "MessageSearch";
DROP TABLE "GroupMessageSearch";

-- kind: 'm' a one-to-one message ("Message"), 'g' a group message ("GroupMessage"); seq: its "seq".
CREATE TABLE "SearchBacklog" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "seq" INTEGER NOT NULL
);

CREATE TRIGGER "Message_search_insert" AFTER INSERT ON "Message" BEGIN
    INSERT INTO "SearchBacklog" ("kind", "seq") VALUES ('m', new."seq");
END;

-- An edit or a deletion for everyone rewrites "body"; a deletion for one side sets its flag.
CREATE TRIGGER "Message_search_update" AFTER UPDATE OF "body", "deletedBySender", "deletedByRecipient" ON "Message" BEGIN
    INSERT INTO "SearchBacklog" ("kind", "seq") VALUES ('m', new."seq");
END;

CREATE TRIGGER "Message_search_delete" AFTER DELETE ON "Message" BEGIN
    INSERT INTO "SearchBacklog" ("kind", "seq") VALUES ('m', old."seq");
END;

-- System lines and empty bodies were never indexed; the indexer applies the same rule.
CREATE TRIGGER "GroupMessage_search_insert" AFTER INSERT ON "GroupMessage"
WHEN new."event" IS NULL AND new."body" <> '' BEGIN
    INSERT INTO "SearchBacklog" ("kind", "seq") VALUES ('g', new."seq");
END;

-- An edit rewrites "body"; a deletion for everyone empties it (and sets "retractedAt").
CREATE TRIGGER "GroupMessage_search_update" AFTER UPDATE OF "body", "retractedAt" ON "GroupMessage" BEGIN
    INSERT INTO "SearchBacklog" ("kind", "seq") VALUES ('g', new."seq");
END;

CREATE TRIGGER "GroupMessage_search_delete" AFTER DELETE ON "GroupMessage" BEGIN
    INSERT INTO "SearchBacklog" ("kind", "seq") VALUES ('g', old."seq");
END;
