-- The subscriptions around a presentity are read as it loads (its watchers, and whom it
-- watches, oldest first), a hundred rows a connect: covering indexes on both sides answer the
-- read without a table lookup per row (docs/scaling.md, stop 34). The first replaces
-- (presentityId, state), its prefix.
-- DropIndex
DROP INDEX "Subscription_presentityId_state_idx";

-- CreateIndex
CREATE INDEX "Subscription_presentityId_state_createdAt_watcherId_idx" ON "Subscription"("presentityId", "state", "createdAt", "watcherId");

-- CreateIndex
CREATE INDEX "Subscription_watcherId_state_createdAt_presentityId_idx" ON "Subscription"("watcherId", "state", "createdAt", "presentityId");
