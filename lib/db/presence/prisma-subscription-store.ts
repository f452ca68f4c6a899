// The subscription store on SQLite or PostgreSQL through Prisma (the contract: subscription-store.ts).
import type { SubscriptionState } from "@/lib/protocol/buddy-list";
import { batchedByKey } from "../batched";
import type { Db } from "../client";
import { rawDate } from "../raw-values";
import { readArrays, readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { HELD_STATES, type SubscriptionStore } from "./subscription-store";

const HELD = [...HELD_STATES];

/** Accounts one `around` statement names (twice each). */
const AROUND_CHUNK = 400;

export function createPrismaSubscriptionStore(db: Db): SubscriptionStore {
  type Pending = { watcherId: string; updatedAt: Date }[];
  /** Every buddy-list snapshot asks this: those of one turn (a wave of connects) share one statement. */
  const pendingFor = batchedByKey<Pending>(async (presentityIds) => {
    const rows = await readRows<{ presentityId: string; watcherId: string; updatedAt: Date | string }>(
      db,
      Prisma.sql`SELECT "presentityId", "watcherId", "updatedAt" FROM "Subscription"
        WHERE "presentityId" IN (${Prisma.join(presentityIds)}) AND "state" = 'pending' ORDER BY "updatedAt"`,
    );
    const byPresentity = new Map<string, Pending>();
    for (const { presentityId, watcherId, updatedAt } of rows) {
      const list = byPresentity.get(presentityId) ?? [];
      list.push({ watcherId, updatedAt: rawDate(updatedAt) });
      byPresentity.set(presentityId, list);
    }
    return byPresentity;
  }, []);

  return {
    async get(watcherId: string, presentityId: string): Promise<SubscriptionState | null> {
      const row = await db.subscription.findUnique({ where: { watcherId_presentityId: { watcherId, presentityId } } });
      return (row?.state as SubscriptionState | undefined) ?? null;
    },

    async set(watcherId: string, presentityId: string, state: SubscriptionState): Promise<void> {
      await db.subscription.upsert({
        where: { watcherId_presentityId: { watcherId, presentityId } },
        create: { watcherId, presentityId, state },
        update: { state },
      });
    },

    /** Moves a subscription from one state to another; false if it was not in `from`. */
    async transition(watcherId: string, presentityId: string, from: SubscriptionState[], to: SubscriptionState) {
      const { count } = await db.subscription.updateMany({
        where: { watcherId, presentityId, state: { in: from } },
        data: { state: to },
      });
      return count > 0;
    },

    /** The state of each of these watchers' subscription to one presentity. */
    async statesFor(presentityId: string, watcherIds: string[]): Promise<Map<string, SubscriptionState>> {
      if (watcherIds.length === 0) return new Map();
      const rows = await db.subscription.findMany({
        where: { presentityId, watcherId: { in: watcherIds } },
        select: { watcherId: true, state: true },
      });
      return new Map(rows.map((row) => [row.watcherId, row.state as SubscriptionState]));
    },

    /**
     * Both directions around these accounts, in one statement: who actively watches each
     * (its fan-out list) and whom each watches or asked to (its buddy list, oldest first).
     */
    async around(userIds: string[]): Promise<{
      watchers: { presentityId: string; watcherId: string; state: "active" | "waiting" }[];
      contacts: { ownerId: string; contactId: string; state: "pending" | "active" }[];
    }> {
      const watchers: { presentityId: string; watcherId: string; state: "active" | "waiting" }[] = [];
      const contacts: { ownerId: string; contactId: string; state: "pending" | "active" }[] = [];
      // Each id is named twice: a chunk keeps the statement inside SQLite's 999 parameters
      // (a restart's reconnect storm loads hundreds of presentities in one batch).
      for (let start = 0; start < userIds.length; start += AROUND_CHUNK) {
        const chunk = userIds.slice(start, start + AROUND_CHUNK);
        // Two ranges of covering indexes, (presentityId, state, createdAt, watcherId) and
        // (watcherId, state, createdAt, presentityId): no table lookup per row. Each row is
        // tagged with the side it was read for; rows as arrays skip building an object per row,
        // which a reconnect storm does a hundred thousand times.
        const rows = await readArrays<[side: string, watcherId: string, presentityId: string, state: string]>(db, Prisma.sql`
          SELECT 'w' AS "side", s."watcherId" AS "watcherId", s."presentityId" AS "presentityId", s."state" AS "state", s."createdAt" AS "at"
          FROM "Subscription" s WHERE s."presentityId" IN (${Prisma.join(chunk)}) AND s."state" IN (${Prisma.join(HELD)})
          UNION ALL
          SELECT 'c', s."watcherId", s."presentityId", s."state", s."createdAt"
          FROM "Subscription" s WHERE s."watcherId" IN (${Prisma.join(chunk)}) AND s."state" IN (${Prisma.join(HELD)})
          ORDER BY "at"`);
        for (const [side, watcherId, presentityId, state] of rows) {
          // A literal, not the row's string: a hundred thousand copies of "active" add up. A
          // denied request stays "pending" to its watcher: the answer is the presentity's secret.
          if (side === "w") {
            watchers.push({ presentityId, watcherId, state: state === "active" ? "active" : "waiting" });
          } else {
            contacts.push({ ownerId: watcherId, contactId: presentityId, state: state === "active" ? "active" : "pending" });
          }
        }
      }
      return { watchers, contacts };
    },

    /** Requests to watch this presentity that wait for its answer. */
    pendingFor,
  };
}
