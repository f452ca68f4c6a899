-- Full-text search of group message bodies, written by hand as the messages' one is: a GIN
-- expression index the schema engine ignores. Searches use the same expression,
-- to_tsvector('simple', "body"), so they use it.
CREATE INDEX "GroupMessage_body_search_idx" ON "GroupMessage" USING GIN (to_tsvector('simple', "body"));
