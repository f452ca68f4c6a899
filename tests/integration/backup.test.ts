// Backup under load: sockets send and acknowledge messages without pause while the backup is
// taken (`npm run admin -- backup`, or pg_dump on PostgreSQL as docs/operations.md says); the
// backup is restored into a fresh data folder, a server starts on it, and every message
// acknowledged before the backup began is there, in a database that passes its integrity check.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { InstantMessage, MessagePage, SyncPage } from "@/lib/protocol";
import { ask, connect, newUser, ok, pipeLines, removeDataDir, signIn, startServer, testDataDir, type TestServer, type TestSocket } from "./harness";
import { onPostgres, postgresUrlFor } from "./postgres";

const root = path.resolve(import.meta.dirname, "../..");
const PAIRS = 4;
const LIFTED = { IM_SENDS_PER_10_SECONDS: "100000", MESSAGING_COMMANDS_PER_MINUTE: "1000000", LOOKUP_COMMANDS_PER_MINUTE: "1000000" };

/** Runs a command to its end; resolves with its exit code and output. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  pipeLines(child, (line) => lines.push(line));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output: lines.join("\n") })));
}

/** `npm run admin -- <args>` for a data folder (the command the docs give, without npm's banner). */
const admin = (server: Pick<TestServer, "env">, ...args: string[]) =>
  run(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], server.env);


/** Every message in an account's inbox, by id. */
async function inboxIds(socket: TestSocket): Promise<Set<string>> {
  const ids = new Set<string>();
  let afterSeq = 0;
  for (;;) {
    const page = await ok<SyncPage>(ask(socket, "im:sync", { afterSeq, limit: 500 }));
    for (const message of page.messages) ids.add(message.id);
    if (!page.hasMore) return ids;
    afterSeq = page.cursor;
  }
}

const servers: TestServer[] = [];
/** Folders that hold backups only. */
const folders: string[] = [];
afterAll(async () => {
  for (const server of servers) {
    await server.stop();
    await removeDataDir(server.dataDir);
  }
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe("backup and restore under load", () => {
  it("restores every message acknowledged before the backup began, intact", { timeout: 180_000 }, async () => {
    const source = await startServer({ env: LIFTED });
    servers.push(source);
    const pairs = await Promise.all(
      Array.from({ length: PAIRS }, async () => {
        const sender = await newUser(source, "sender");
        const recipient = await newUser(source, "recipient");
        const senderSocket = (await connect(source, sender.cookie)).socket;
        const recipientSocket = (await connect(source, recipient.cookie)).socket;
        await ok(ask(senderSocket, "subscription:request", { username: recipient.username }));
        await ok(ask(recipientSocket, "subscription:request", { username: sender.username }));
        // The recipient's tab confirms each message as a browser does: more writes under load.
        // (Confirmations still in flight when the test closes the socket are dropped.)
        recipientSocket.on("im:received", ({ message }) => {
          ask(recipientSocket, "im:confirm-delivery", { ids: [message.id] }).catch(() => {});
        });
        return { sender, recipient, senderSocket, recipientSocket };
      }),
    );

    // Each sender sends the next message as soon as the previous one is acknowledged.
    const acknowledged: { id: string; at: number; recipient: string }[] = [];
    let sending = true;
    const senders = pairs.map(async ({ senderSocket, recipient }, index) => {
      let n = 0;
      while (sending) {
        const message = await ok<InstantMessage>(
          ask(senderSocket, "im:send", { to: recipient.username, clientId: randomUUID(), body: `pair ${index} message ${n++}` }),
        );
        acknowledged.push({ id: message.id, at: performance.now(), recipient: recipient.username });
      }
    });
    const waitFor = async (check: () => boolean) => {
      while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await waitFor(() => acknowledged.length >= 300);

    const backupDir = testDataDir();
    folders.push(backupDir);
    const file = path.join(backupDir, onPostgres() ? "buddylist.dump" : "buddylist-backup.db");
    const countAtStart = acknowledged.length;
    const backupStarted = performance.now();
    const backup = onPostgres()
      ? await run("pg_dump", ["--format=custom", `--file=${file}`, source.env.DATABASE_URL!])
      : await admin(source, "backup", file);
    expect(backup.output).not.toMatch(/error/i);
    expect(backup.code, backup.output).toBe(0);
    const countAtEnd = acknowledged.length;
    sending = false;
    await Promise.all(senders);
    const before = acknowledged.filter((message) => message.at < backupStarted);
    expect(before.length).toBeGreaterThanOrEqual(countAtStart);
    // The load went on while the backup ran.
    expect(countAtEnd).toBeGreaterThan(countAtStart);
    if (!onPostgres()) expect(backup.output).toMatch(/integrity ok/);
    for (const { senderSocket, recipientSocket } of pairs) {
      senderSocket.close();
      recipientSocket.close();
    }

    // Restore into a fresh data folder, as the docs say, then start a server there.
    const freshDir = testDataDir();
    const fresh: { env: Record<string, string> } = { env: { ...source.env, DATA_DIR: freshDir } };
    if (onPostgres()) {
      fresh.env.DATABASE_URL = await postgresUrlFor(freshDir);
      const restored = await run("pg_restore", ["--no-owner", `--dbname=${fresh.env.DATABASE_URL!}`, file]);
      expect(restored.code, restored.output).toBe(0);
    } else {
      const restored = await admin(fresh, "restore", file);
      expect(restored.code, restored.output).toBe(0);
      expect(restored.output).toMatch(/integrity ok/);
      const db = new Database(path.join(freshDir, "buddylist.db"), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
    }
    await source.stop();
    // On PostgreSQL the harness gives the folder the database pg_restore filled.
    const restoredServer = await startServer({ dataDir: freshDir, env: LIFTED });
    servers.push(restoredServer);

    // Every recipient signs in on the restored server and finds what was acknowledged before,
    // by search too: the backup holds no search index, and the restored server builds it. Each
    // message a recipient holds says "pair <its index>", so that search finds a full page of
    // them, newest first.
    const found = new Set<string>();
    for (const [index, { recipient }] of pairs.entries()) {
      const { socket } = await connect(restoredServer, (await signInAgain(restoredServer, recipient.username)).cookie);
      const held = await inboxIds(socket);
      for (const id of held) found.add(id);
      const page = await ok<MessagePage>(ask(socket, "im:search", { query: `pair ${index}`, limit: 20 }));
      expect(page.messages.length).toBe(Math.min(20, held.size));
      for (const message of page.messages) expect(message.body).toMatch(new RegExp(`^pair ${index} message \\d+$`));
      expect([...held]).toEqual(expect.arrayContaining(page.messages.map((message) => message.id)));
      socket.close();
    }
    const missing = before.filter((message) => !found.has(message.id));
    expect(missing).toEqual([]);
    if (process.env.SHOW_BACKUP_FIGURES) {
      console.log(`acknowledged before the backup: ${before.length}, during it: ${countAtEnd - countAtStart}, restored: ${found.size}`);
    }
  });

  it.skipIf(onPostgres())("refuses to restore over a running server's database, and over any database without --force", async () => {
    const running = await startServer();
    servers.push(running);
    const backupDir = testDataDir();
    folders.push(backupDir);
    const file = path.join(backupDir, "backup.db");
    expect((await admin(running, "backup", file)).code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const again = await admin(running, "backup", file);
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/exists.*--force/);

    const inUse = await admin(running, "restore", file, "--force");
    expect(inUse.code).not.toBe(0);
    expect(inUse.output).toMatch(/in use/);
    await running.stop();
    const exists = await admin(running, "restore", file);
    expect(exists.code).not.toBe(0);
    expect(exists.output).toMatch(/--force/);
    expect((await admin(running, "restore", file, "--force")).code).toBe(0);
  });

  it.runIf(onPostgres())("on PostgreSQL, says to use pg_dump and pg_restore", async () => {
    const dataDir = testDataDir();
    mkdirSync(dataDir, { recursive: true });
    const env = { DATA_DIR: dataDir, AUTH_SECRET: "integration-test-secret-0123456789abcdef", DATABASE_URL: await postgresUrlFor(dataDir) };
    const backup = await admin({ env }, "backup", path.join(dataDir, "x.db"));
    expect(backup.code).not.toBe(0);
    expect(backup.output).toMatch(/pg_dump/);
    expect((await admin({ env }, "restore", path.join(dataDir, "x.db"))).output).toMatch(/pg_restore/);
    await removeDataDir(dataDir);
  });
});

/** A new session for an account that exists (the restored server has its password hash). */
async function signInAgain(server: TestServer, username: string) {
  const { jar, signedIn } = await signIn(server, username);
  if (!signedIn) throw new Error(`${username} could not sign in on the restored server`);
  return { cookie: jar.header() };
}
