// Store-level CPU per message of the messaging step's mix on SQLite, in-process (no sockets, no
// services): each turn starts 10 sends (group-committed) and, with changes, per 100 messages 10
// reactions and 2 edits, each followed by the read its views need. process.cpuUsage() over the
// measured turns (all threads of the process). Steadier than the bench's server CPU per message
// on a shared machine; see docs/scaling.md (messaging tail).
//   npx tsx bench/store-mix.ts            CHANGES=off to leave changes out, TURNS=1500 by default
import { randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { createDb, prepareDatabase } from "@/lib/db/client";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrismaStorage } from "@/lib/db/prisma-storage";
import { startSqliteWriter } from "@/lib/db/sqlite-writer";
import { setWriter } from "@/lib/db/transactions";

const TURNS = Number(process.env.TURNS ?? 1500);
const changes = process.env.CHANGES !== "off";
const dir = path.resolve(".tmp", `mix-${randomBytes(4).toString("hex")}`);
const file = path.join(dir, "mix.db");
await applyMigrations(`file:${file}`);
const db = createDb(`file:${file}`);
await prepareDatabase(db, `file:${file}`);
const writer = await startSqliteWriter(db, file);
setWriter(db, writer);
const storage = createPrismaStorage(db, "sqlite");
const accounts: string[] = [];
for (let i = 0; i < 200; i++) {
  const made = await storage.accounts.create(
    { username: `u${i}x${randomBytes(3).toString("hex")}`, displayName: "U", passwordHash: "h" },
    { mode: "open", inviteHash: null, now: new Date() },
  );
  if (typeof made === "string") throw new Error(made);
  accounts.push(made.id);
}
const recent: { seq: number; id: string; senderId: string; recipientId: string; replyToSeq: number | null }[] = [];
let sent = 0;
const readViews = (seq: number) => storage.messageChanges.withReactions(seq, null);

async function turn(index: number) {
  const work: Promise<unknown>[] = [];
  for (let k = 0; k < 10; k++) {
    const pair = (index * 10 + k) % 100;
    const [from, to] = sent % 2 ? [accounts[2 * pair]!, accounts[2 * pair + 1]!] : [accounts[2 * pair + 1]!, accounts[2 * pair]!];
    sent++;
    work.push(
      storage.messages
        .add({ id: randomUUID(), senderId: from, recipientId: to, clientId: randomUUID(), body: `hello ${sent} kalo lol`, sentAt: new Date() }, "accepted")
        .then((stored) => recent.push({ ...stored, replyToSeq: null })),
    );
  }
  if (changes && recent.length > 50) {
    const target = recent[recent.length - 20]!;
    const base = { messageSeq: target.seq, hidden: false, clientId: randomUUID(), at: new Date() };
    work.push(
      storage.messageChanges
        .apply({ ...base, actorId: target.recipientId, peerId: target.senderId, kind: "react", emoji: "👍", on: true })
        .then(() => readViews(target.seq)),
    );
    if (index % 5 === 0) {
      work.push(
        storage.messageChanges
          .apply({ ...base, clientId: randomUUID(), actorId: target.senderId, peerId: target.recipientId, kind: "edit", body: "edited kalo" })
          .then(() => readViews(target.seq)),
      );
    }
  }
  await Promise.all(work);
}

for (let i = 0; i < 200; i++) await turn(i); // warm-up
const before = process.cpuUsage();
const startSent = sent;
for (let i = 200; i < 200 + TURNS; i++) await turn(i);
const used = process.cpuUsage(before);
console.log(JSON.stringify({ changes, messages: sent - startSent, cpuMsPerMessage: (used.user + used.system) / 1000 / (sent - startSent) }));
await writer.stop();
await db.$disconnect();
await rm(dir, { recursive: true, force: true });
