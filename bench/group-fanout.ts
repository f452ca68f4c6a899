// Group conversations' fan-out, in process (issue 18): the group services on a migrated SQLite
// database (the real Prisma store and group commit), with a notifier that only records when
// each member's tab would be told. No sockets: this measures what the server does per group
// message — one stored row, one view per member — not the network.
//   npx tsx bench/group-fanout.ts [--members 50] [--rate 100] [--seconds 10] [--big 1000]
// Figures: CPU per message (user + system of this process), last member's latency (the send
// call's start → the last member's notification) p50/p99, heap and RSS growth, and one message
// to a `--big`-member group (written past GROUP_MAX_MEMBERS straight through the store).
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createDb, prepareDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaStorage } from "@/lib/db/prisma-storage";
import { createGroupMessaging } from "@/lib/im/groups/group-messaging";
import { createGroupReader } from "@/lib/im/groups/group-reader";
import { createGroupService } from "@/lib/im/groups/group-service";
import type { GroupNotifier } from "@/lib/im/groups/notifier";
import type { PresentityEntry } from "@/lib/presence/presence-state";
import { summarize } from "./stats";

const option = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const MEMBERS = option("members", 50);
const RATE = option("rate", 100);
const SECONDS = option("seconds", 10);
const BIG = option("big", 1000);

const dir = path.resolve(import.meta.dirname, "..", ".tmp", `bench-groups-${randomUUID().slice(0, 8)}`);
const url = `file:${path.join(dir, "bench.db")}`;
await applyMigrations(url);
const db = createDb(url);
await prepareDatabase(db, url);
const storage = createPrismaStorage(db, "sqlite");

/** Per message body (each is unique): when its send started, and how many tabs are still to be told. */
const pending = new Map<string, { started: number; left: number }>();
const lastMember: number[] = [];
const notifier: GroupNotifier = {
  groupReceived(_userId, received) {
    const entry = pending.get(received.message.body);
    if (!entry) return;
    entry.left -= 1;
    if (entry.left === 0) {
      lastMember.push(performance.now() - entry.started);
      pending.delete(received.message.body);
    }
  },
  groupChanged: () => {},
  groupRemoved: () => {},
  groupTyping: () => {},
  groupReceiptsChanged: () => {},
  groupMessageChanged: () => {},
};
// Presence stand-ins: everyone a contact of the first account, nobody blocks or hides.
const entries = new Map<string, PresentityEntry>();
const state = {
  getMany: async (ids: Iterable<string>) => new Map([...ids].flatMap((id) => (entries.has(id) ? [[id, entries.get(id)!] as const] : []))),
  loadVisibility: async () => {},
};
const presence = { blocks: () => false, hiddenFrom: async () => false };
const reader = createGroupReader({ store: storage.groupConversations, accounts: storage.accounts, state, presence, inboxes: storage.inboxSettings });
const groups = createGroupService({
  store: storage.groupConversations,
  reader,
  known: { idOf: async (_caller, username) => storage.presence.idOf(username) },
  state,
  presence,
  inboxes: storage.inboxSettings,
  notifier,
  block: async () => {},
});
const messaging = createGroupMessaging({
  store: storage.groupConversations,
  reader,
  state,
  presence,
  inboxes: storage.inboxSettings,
  notifier,
  limiter: { take: async () => 0 },
});

async function accounts(count: number) {
  const made = [];
  for (let index = 0; index < count; index++) {
    const username = `m${index}x${randomUUID().slice(0, 6)}`;
    const created = await storage.accounts.create(
      { username, displayName: username, passwordHash: "x" },
      { mode: "open", inviteHash: null, now: new Date() },
    );
    if (typeof created === "string") throw new Error(created);
    made.push({ id: created.id, username, sessionId: "bench" });
  }
  return made;
}

const people = await accounts(Math.max(MEMBERS, BIG));
const creator = people[0]!;
for (const person of people) {
  entries.set(person.id, {
    doc: { availability: "available" },
    contacts: new Map(person === creator ? [] : [[creator.id, {}]]),
  } as unknown as PresentityEntry);
}
const group = await groups.create(creator, { clientId: randomUUID(), members: people.slice(1, MEMBERS).map((person) => person.username) });

/** Sends `count` messages at `rate` a second (open loop: on schedule whatever the pace), senders rotating. */
async function run(groupId: string, members: typeof people, count: number, rate: number) {
  lastMember.length = 0;
  const sends: Promise<unknown>[] = [];
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const wait = started + (index * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = `message ${randomUUID()}`;
    // Every member is told, the sender too (its other tabs).
    pending.set(body, { started: performance.now(), left: members.length });
    sends.push(messaging.send(members[index % members.length]!, { groupId, clientId: randomUUID(), body }));
  }
  const results = await Promise.allSettled(sends);
  const failed = results.filter((result) => result.status === "rejected");
  if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
  return (performance.now() - started) / 1000;
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));
const members = people.slice(0, MEMBERS);
await run(group.id, members, Math.min(50, RATE), RATE); // warm-up
global.gc?.();
const memoryBefore = process.memoryUsage();
const cpuBefore = process.cpuUsage();
const elapsed = await run(group.id, members, RATE * SECONDS, RATE);
const cpu = process.cpuUsage(cpuBefore);
const memoryAfter = process.memoryUsage();
const latency = summarize(lastMember);
const messages = RATE * SECONDS;
console.log(`${MEMBERS}-member group, ${messages} messages offered at ${RATE}/s (achieved ${round(messages / elapsed, 1)}/s):`);
console.log(`  CPU per message ${round((cpu.user + cpu.system) / 1000 / messages, 3)} ms (${round((cpu.user + cpu.system) / 1000 / messages / MEMBERS * 1000, 1)} µs per member)`);
console.log(`  last member told: p50 ${round(latency.p50)} ms, p99 ${round(latency.p99)} ms, max ${round(latency.max)} ms (${latency.count} messages)`);
console.log(`  heap +${round((memoryAfter.heapUsed - memoryBefore.heapUsed) / 2 ** 20, 1)} MiB, RSS +${round((memoryAfter.rss - memoryBefore.rss) / 2 ** 20, 1)} MiB (RSS ${round(memoryAfter.rss / 2 ** 20, 1)} MiB)`);

// One message to a group of BIG members, written straight through the store (past the limit).
const bigId = randomUUID();
const line = (userId: string) => ({ id: randomUUID(), groupId: bigId, senderId: creator.id, clientId: randomUUID(), body: "", event: JSON.stringify({ kind: "added", subject: userId }), sentAt: new Date() });
await storage.groupConversations.create(
  { id: bigId, name: "big", creatorId: creator.id, clientId: randomUUID() },
  people.slice(0, BIG).map((person, index) => ({
    line: line(person.id),
    move: { kind: "enter" as const, userId: person.id, role: index === 0 ? ("creator" as const) : ("member" as const), state: "member" as const, addedById: creator.id },
  })),
);
const bigCpu = process.cpuUsage();
await run(bigId, people.slice(0, BIG), 1, 1);
const bigUsed = process.cpuUsage(bigCpu);
console.log(`${BIG}-member group, one message: last member told after ${round(lastMember[0]!)} ms, CPU ${round((bigUsed.user + bigUsed.system) / 1000)} ms`);

await db.$disconnect();
await rm(dir, { recursive: true, force: true });
