-- Written by hand: FTS5 merges its index segments less often. Every transaction that indexes a
-- message flushes a small segment, and FTS5 merges a level once it holds `automerge` segments
-- (default 4), inside whichever statement comes next, on the server's one thread. At 1 000
-- messages a second over 1 000 000 stored, those merges were the periodic stalls of the send path
-- (10–70 ms; bench/send-stalls.ts, docs/scaling.md "messaging tail"). At 16, the most FTS5 allows,
-- levels merge a quarter as often: half the stalled time in the same load, searches unchanged
-- (a query reads a few more segments: 0.5–1 ms either way). The setting is stored in each table.
INSERT INTO "MessageSearch" ("MessageSearch", rank) VALUES ('automerge', 16);
INSERT INTO "GroupMessageSearch" ("GroupMessageSearch", rank) VALUES ('automerge', 16);
