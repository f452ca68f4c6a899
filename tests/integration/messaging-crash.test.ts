// Nothing lost, nothing duplicated: a client sends 200 messages while the server is killed
// with SIGKILL and restarted (same data folder, same port), twice. The client behaves as the
// protocol asks: every message has a client id chosen once; unacknowledged ones are resent
// after reconnecting. Each crash comes while messages are in flight, and right after a few
// messages were stored whose acknowledgements never reach the client (the worst moment for a
// crash: their resends must not store them twice). In the end every acknowledged message is
// in the recipient's inbox exactly once, and every message was acknowledged.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Ack, InstantMessage, SyncPage } from "@/lib/protocol";
import {
  ask,
  connect,
  newUser,
  removeDataDir,
  restartServer,
  startServer,
  type TestServer,
  type TestSocket,
} from "./harness";

const TOTAL = 200;
/** Messages in flight at once, as a client with a send queue would allow. */
const WINDOW = 8;
/** Kill the server after this many acknowledgements… */
const KILL_AFTER = [60, 130];
/** …as soon as this many more messages are stored whose acknowledgements are lost. */
const LOST_ACKS = 3;
const ACK_TIMEOUT_MS = 2_000;

let server: TestServer;

beforeAll(async () => {
  // The point here is crashes, not the spam limit (30 in 10 s would make 200 messages take a minute).
  server = await startServer({ env: { IM_SENDS_PER_10_SECONDS: "100000", PRESENCE_GRACE_MS: "200" } });
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  removeDataDir(server.dataDir);
});

type Outgoing = { clientId: string; body: string };

/** Connects, retrying while the server is down or restarting. */
async function reconnect(cookie: string): Promise<TestSocket> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return (await connect(server, cookie)).socket;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** One send attempt: the ack, or null when the connection dropped or the ack did not come in time. */
function attempt(socket: TestSocket, to: string, message: Outgoing): Promise<Ack<InstantMessage> | null> {
  return new Promise((resolve) => {
    const dropped = () => resolve(null);
    socket.once("disconnect", dropped);
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck("im:send", { to, ...message })
      .then(
        (ack) => resolve(ack),
        () => resolve(null),
      )
      .finally(() => socket.off("disconnect", dropped));
  });
}

it(
  "keeps every acknowledged message exactly once across two SIGKILLs, and the client's resends get every one acknowledged",
  { timeout: 90_000 },
  async () => {
    const started = Date.now();
    const alice = await newUser(server, "alice");
    const bob = await newUser(server, "bob");
    const bobSocket = (await connect(server, bob.cookie)).socket;
    await ask(bobSocket, "subscription:request", { username: alice.username }); // alice is bob's contact
    bobSocket.close();

    const queue: Outgoing[] = Array.from({ length: TOTAL }, (_, i) => ({ clientId: randomUUID(), body: `message ${i}` }));
    const acked = new Map<string, InstantMessage>();
    const tries = new Map<string, number>();
    /** Messages a sender loop is working on (or the crash is holding back), so no other takes them. */
    const claimed = new Set<string>();
    /** Messages whose acknowledgements were lost in a crash → when that crash was. */
    const lostAcks = new Map<string, number>();

    // The client: one connection, re-established when it drops; a window of messages in flight,
    // each resent on the new connection until acknowledged.
    let connection = reconnect(alice.cookie);
    async function liveSocket(): Promise<TestSocket> {
      const current = connection;
      const socket = await current;
      if (socket.connected) return socket;
      if (connection === current) {
        socket.close();
        connection = reconnect(alice.cookie);
      }
      return liveSocket();
    }

    // The crashes, one after the other: once enough messages are acknowledged, a few more go out
    // whose acknowledgements the client never reads; as soon as the recipient's tab shows them
    // stored, SIGKILL (the rest of the window is still in flight), then start again on the same
    // port. The recipient's tab is connected before, so nothing waits on a handshake then.
    let observer = await reconnect(bob.cookie);
    async function crashes() {
      for (const threshold of KILL_AFTER) {
        while (acked.size < threshold) await new Promise((resolve) => setTimeout(resolve, 2));
        // Messages not sent yet: a retry would be answered from storage, and not shown again.
        const doomed = queue
          .filter((message) => !tries.has(message.clientId) && !claimed.has(message.clientId))
          .slice(-LOST_ACKS);
        doomed.forEach((message) => claimed.add(message.clientId));
        const seen = new Set<string>();
        const stored = new Promise<void>((resolve) =>
          observer.on("im:received", ({ message }) => {
            seen.add(message.body);
            if (doomed.every((candidate) => seen.has(candidate.body))) resolve();
          }),
        );
        const socket = await liveSocket();
        for (const message of doomed) {
          tries.set(message.clientId, 1);
          socket.emit("im:send", { to: bob.username, ...message }, () => {}); // this ack is lost in the crash
        }
        await stored;
        doomed.forEach((message) => lostAcks.set(message.clientId, Date.now()));
        await server.kill();
        doomed.forEach((message) => claimed.delete(message.clientId));
        server = await restartServer(server);
        observer.close();
        observer = await reconnect(bob.cookie);
      }
    }
    const crashing = crashes();

    async function sender() {
      for (;;) {
        if (acked.size === TOTAL) return;
        const message = queue.find((candidate) => !acked.has(candidate.clientId) && !claimed.has(candidate.clientId));
        if (!message) {
          // The rest is in other hands (or held back by a crash): wait for it to come back.
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        claimed.add(message.clientId);
        while (!acked.has(message.clientId)) {
          const socket = await liveSocket();
          tries.set(message.clientId, (tries.get(message.clientId) ?? 0) + 1);
          const ack = await attempt(socket, bob.username, message);
          if (ack === null) continue; // dropped: resend on the next connection
          if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack.error)}`);
          acked.set(message.clientId, ack.data);
        }
        claimed.delete(message.clientId);
      }
    }
    await Promise.all([crashing, ...Array.from({ length: WINDOW }, sender)]);
    (await connection).close();
    observer.close();
    expect(acked.size).toBe(TOTAL);
    // The messages whose acknowledgements were lost were stored by the killed server; their
    // resends were answered from storage, with the message stored the first time.
    expect(lostAcks.size).toBe(2 * LOST_ACKS);
    for (const [clientId, killedAt] of lostAcks) {
      expect(tries.get(clientId)).toBeGreaterThan(1);
      expect(Date.parse(acked.get(clientId)!.sentAt)).toBeLessThan(killedAt);
    }
    const attempts = [...tries.values()].reduce((sum, count) => sum + count, 0);

    // The recipient's inbox, read from the start: every message, each once.
    const inbox = await reconnect(bob.cookie);
    const received: InstantMessage[] = [];
    let cursor = 0;
    for (;;) {
      const response = await ask(inbox, "im:sync", { afterSeq: cursor, limit: 500 });
      if (!response.ok) throw new Error(JSON.stringify(response.error));
      const page: SyncPage = response.data;
      received.push(...page.messages);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    inbox.close();
    const ids = received.map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(received).toHaveLength(TOTAL);
    const byId = new Map(received.map((message) => [message.id, message]));
    for (const message of queue) {
      const ack = acked.get(message.clientId)!;
      expect(byId.get(ack.id)).toMatchObject({ seq: ack.seq, body: message.body, peer: alice.username });
    }
    console.log(
      `crash test: ${TOTAL} messages, ${attempts} attempts (${attempts - TOTAL} resends, ${lostAcks.size} of them ` +
        `stored before a crash and answered from storage), ${KILL_AFTER.length} SIGKILL restarts, ${Date.now() - started} ms`,
    );
  },
);
