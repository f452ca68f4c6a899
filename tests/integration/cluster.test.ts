// Several servers, one service: three instances on one PostgreSQL database and one Redis,
// with clients spread across them. Runs in the PostgreSQL pass of the suite.
import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol";
import {
  ask,
  connect,
  newUser,
  removeDataDir,
  startServer,
  testDataDir,
  type TestServer,
  type TestSocket,
} from "./harness";
import { onPostgres } from "./postgres";
import { startRedis, type TestRedis } from "./redis";

let redis: TestRedis;
let instances: TestServer[] = [];
let dataDir: string;
let prefix: string;
// Low enough to reach in a test, high enough for the befriending the other tests do.
const SUBSCRIPTION_COMMANDS_PER_MINUTE = 10;

async function startInstance(index: number, prefix: string) {
  return startServer({
    dataDir,
    // The spam limit is not what these tests are about (200 quick sends would hit it).
    env: {
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      INSTANCE_ID: `instance-${index}`,
      PRESENCE_GRACE_MS: "300",
      IM_SENDS_PER_10_SECONDS: "100000",
      SUBSCRIPTION_COMMANDS_PER_MINUTE: String(SUBSCRIPTION_COMMANDS_PER_MINUTE),
    },
  });
}

describe.runIf(onPostgres())("a cluster of three instances", () => {
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = testDataDir();
    prefix = `test-${randomBytes(4).toString("hex")}:`;
    // The first instance applies the migrations; the others find them applied.
    instances = [await startInstance(0, prefix)];
    instances.push(...(await Promise.all([startInstance(1, prefix), startInstance(2, prefix)])));
  });

  afterAll(async () => {
    if (process.env.SHOW_SERVER_LOGS) {
      for (const instance of instances) console.log(instance.logs.filter((line) => /"level":(40|50)|cluster|redis/.test(line)).join("\n"));
    }
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis.stop();
    await removeDataDir(dataDir);
  });

  type Person = { id: string; username: string; cookie: string; socket: TestSocket };
  async function person(name: string, instance: number): Promise<Person> {
    const { username, cookie } = await newUser(instances[instance]!, name);
    const { socket, session } = await connect(instances[instance]!, cookie);
    return { id: session.user.id, username, cookie, socket };
  }

  async function befriend(watcher: Person, presentity: Person) {
    const answer = await ask(watcher.socket, "subscription:request", { username: presentity.username });
    if (answer.ok && answer.data.state === "pending") {
      await ask(presentity.socket, "subscription:respond", { username: watcher.username, approve: true });
    }
  }

  function views(socket: TestSocket, username: string) {
    const seen: PresenceView[] = [];
    socket.on("presence:changed", (view) => view.username === username && seen.push(view));
    return seen;
  }

  /** Retries an assertion until it holds (changes cross instances a moment later). */
  async function eventually(assertion: () => Promise<void>, timeoutMs = 5_000) {
    const started = Date.now();
    for (;;) {
      try {
        return await assertion();
      } catch (error) {
        if (Date.now() - started > timeoutMs) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async function until(check: () => boolean, timeoutMs = 10_000) {
    const started = Date.now();
    while (!check()) {
      if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it("a status change on one instance reaches watchers on the others", async () => {
    const alice = await person("alice", 0);
    const bob = await person("bob", 1);
    const carol = await person("carol", 2);
    await befriend(bob, alice);
    await befriend(carol, alice);
    const bobSees = views(bob.socket, alice.username);
    const carolSees = views(carol.socket, alice.username);
    await ask(alice.socket, "presence:set-status", { availability: "busy", note: "across the cluster" });
    const told = (seen: PresenceView[]) => seen.filter((view) => view.status.note === "across the cluster");
    await until(() => told(bobSees).length > 0 && told(carolSees).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Exactly once each (views from befriending may still be arriving from the other instances).
    for (const seen of [bobSees, carolSees]) {
      expect(told(seen)).toHaveLength(1);
      expect(seen.at(-1)!.status).toMatchObject({ availability: "busy", note: "across the cluster" });
    }
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });

  it("what concerns one account reaches only the instances that need it", async () => {
    const dave = await person("dave", 0);
    const erin = await person("erin", 1);
    await befriend(erin, dave);
    const erinSees = views(erin.socket, dave.username);
    await ask(dave.socket, "presence:set-status", { availability: "away", note: "only where watched" });
    await until(() => erinSees.some((view) => view.status.note === "only where watched"));
    // Who hears a publish is who subscribes to its channel: Dave's presence changes go to the
    // two instances holding his entry (his own and Erin's), not to the third; what is emitted
    // to his tabs goes only to the instance they are connected to.
    const probe = new Redis(redis.url);
    try {
      const [, presentityListeners] = (await probe.pubsub("NUMSUB", `${prefix}presentity:${dave.id}`)) as [string, number];
      const [, roomListeners] = (await probe.call("PUBSUB", "SHARDNUMSUB", `${prefix}socket.io#/#user:${dave.id}#`)) as [string, number];
      expect({ presentityListeners, roomListeners }).toEqual({ presentityListeners: 2, roomListeners: 1 });
      // The room's channel follows its sockets: Dave's last tab gone, no instance listens.
      dave.socket.close();
      await eventually(async () => {
        const [, left] = (await probe.call("PUBSUB", "SHARDNUMSUB", `${prefix}socket.io#/#user:${dave.id}#`)) as [string, number];
        expect(left).toBe(0);
      });
    } finally {
      probe.disconnect();
      erin.socket.close();
    }
  });

  it("one person with tabs on two instances is one presentity with two device tuples", async () => {
    const alice = await person("alice", 0);
    const second = await connect(instances[1]!, alice.cookie);
    const devices = second.snapshot.me.tuples.filter((tuple) => tuple.kind === "device");
    expect(devices).toHaveLength(2);
    const bob = await person("bob", 2);
    await befriend(bob, alice);
    // Instances hear of each other's changes within milliseconds: the approval on instance 0
    // reaches instance 2 a moment after Alice's ack.
    await eventually(async () => {
      const fetched = await ask(bob.socket, "presence:fetch", { username: alice.username });
      expect(fetched.ok && fetched.data.tuples.filter((tuple) => tuple.kind === "device")).toHaveLength(2);
    });
    second.socket.close();
    alice.socket.close();
    bob.socket.close();
  });

  it("a rule change on one instance re-notifies a watcher on another, and nobody else", async () => {
    const alice = await person("alice", 0);
    const bob = await person("bob", 1);
    const carol = await person("carol", 2);
    const bobSees = views(bob.socket, alice.username);
    const carolSees = views(carol.socket, alice.username);
    await befriend(bob, alice);
    await befriend(carol, alice);
    // Each is told Alice's presence once approved, on its own instance a moment after the answer:
    // only what comes after the rule change counts.
    await until(() => [bobSees, carolSees].every((seen) => seen.some((view) => view.access === "full")));
    bobSees.length = 0;
    carolSees.length = 0;
    await ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "block" });
    await until(() => bobSees.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bobSees).toHaveLength(1);
    expect(bobSees[0]!.status).toMatchObject({ basic: "closed", availability: null }); // offline as of now
    expect(carolSees).toEqual([]);
    // And the other instances know the new rule: through another instance Bob, who keeps Alice
    // in his list, sees her offline there too, in his list and on a lookup.
    const bobElsewhere = await connect(instances[2]!, bob.cookie);
    const listed = bobElsewhere.snapshot.contacts.find((contact) => contact.username === alice.username);
    expect(listed?.presence.status.basic).toBe("closed");
    await eventually(async () => {
      const fetched = await ask(bobElsewhere.socket, "presence:fetch", { username: alice.username });
      expect(fetched.ok && fetched.data.status).toMatchObject({ basic: "closed", availability: null });
    });
    for (const someone of [alice, bob, carol]) someone.socket.close();
    bobElsewhere.socket.close();
  });

  it("a message sent on one instance reaches the recipient's tabs on the others", async () => {
    const alice = await person("alice", 0);
    const bob = await person("bob", 1);
    const bobElsewhere = await connect(instances[2]!, bob.cookie);
    await befriend(bob, alice);
    const arrivals = [bob.socket, bobElsewhere.socket].map(
      (socket) => new Promise<string>((resolve) => socket.once("im:received", ({ message }) => resolve(message.body))),
    );
    const sent = await ask(alice.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "hello across" });
    expect(sent.ok).toBe(true);
    expect(await Promise.all(arrivals)).toEqual(["hello across", "hello across"]);
    for (const socket of [alice.socket, bob.socket, bobElsewhere.socket]) socket.close();
  });

  it("a message and its delivery confirmation cost the rate limits three commands in Redis", async () => {
    const alice = await person("alice", 0);
    const bob = await person("bob", 1);
    await befriend(bob, alice);
    const probe = new Redis(redis.url);
    /** INFO commandstats as { command: calls }, the calls of commands run inside scripts included. */
    async function calls(): Promise<Record<string, number>> {
      const info = await probe.info("commandstats");
      return Object.fromEntries([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, name, count]) => [name!, Number(count)]));
    }
    async function sendAndConfirm() {
      const sent = await ask(alice.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "counted" });
      if (!sent.ok) throw new Error(`im:send: ${JSON.stringify(sent)}`);
      expect(await ask(bob.socket, "im:confirm-delivery", { ids: [sent.data.id] })).toMatchObject({ ok: true });
    }
    try {
      await sendAndConfirm(); // starts the windows and loads the scripts on both instances
      const before = await calls();
      const SENDS = 10;
      for (let sent = 0; sent < SENDS; sent += 1) await sendAndConfirm();
      const after = await calls();
      const perMessage = Object.fromEntries(
        Object.keys(after)
          .filter((name) => ["evalsha", "eval", "incrby", "decrby", "pttl", "pexpire", "publish", "spublish"].includes(name))
          .map((name) => [name, (after[name]! - (before[name] ?? 0)) / SENDS]),
      );
      console.log(`Redis per message (im:send + im:confirm-delivery): ${JSON.stringify(perMessage)}`);
      // One EVALSHA per limited step (im:send's command class, the sender's allowance, Bob's
      // im:confirm-delivery), five counts: account and address twice, the sender once.
      expect({ evalsha: perMessage.evalsha, eval: perMessage.eval ?? 0, incrby: perMessage.incrby, decrby: perMessage.decrby ?? 0, pttl: perMessage.pttl ?? 0 }).toEqual({
        evalsha: 3,
        eval: 0,
        incrby: 5,
        decrby: 0,
        pttl: 0,
      });
    } finally {
      probe.disconnect();
      for (const socket of [alice.socket, bob.socket]) socket.close();
    }
  });

  it("an account that used up a command class on one instance is refused it on another (limits live in Redis)", async () => {
    const alice = await person("alice", 0);
    const bob = await person("bob", 1);
    const aliceElsewhere = await connect(instances[1]!, alice.cookie);
    for (let step = 0; step < SUBSCRIPTION_COMMANDS_PER_MINUTE; step += 1) {
      const answer = await ask(alice.socket, "subscription:remove", { username: bob.username });
      expect(answer.ok || answer.error.code).not.toBe("rate_limited");
    }
    const refused = await ask(aliceElsewhere.socket, "subscription:remove", { username: bob.username });
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfter: expect.any(Number) } });
    const { retryAfter } = (refused as { error: { retryAfter: number } }).error;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The count is Alice's: Bob, on that instance, still has his allowance.
    expect(await ask(bob.socket, "subscription:remove", { username: alice.username })).not.toMatchObject({
      error: { code: "rate_limited" },
    });
    for (const socket of [alice.socket, bob.socket, aliceElsewhere.socket]) socket.close();
  });

  it("SIGKILL of one instance during 200 sends spread over the instances loses and duplicates nothing", { timeout: 90_000 }, async () => {
    const bob = await person("bob", 0);
    // Three senders, one per instance; the one on the killed instance resends through a survivor.
    const senders = await Promise.all([0, 1, 2].map((index) => person(`sender${index}`, index)));
    for (const sender of senders) await befriend(bob, sender); // each sender is Bob's contact
    const watcher = await person("watcher", 0);
    for (const sender of senders) await befriend(watcher, sender);
    const offline = views(watcher.socket, senders[2]!.username);

    const total = 200;
    const perSender = Math.ceil(total / senders.length);
    const acked = new Map<string, string>(); // clientId → message id
    const victim = instances[2]!;
    let killed = false;

    async function send(senderIndex: number) {
      const sender = senders[senderIndex]!;
      let instance = senderIndex;
      let socket = sender.socket;
      const queue = Array.from({ length: perSender }, (_, i) => ({ clientId: randomUUID(), body: `s${senderIndex}-${i}` }));
      for (const message of queue) {
        for (;;) {
          if (killed && instance === 2) {
            instance = 1; // the load balancer sends the reconnect to a survivor
            socket.close();
            socket = (await connect(instances[instance]!, sender.cookie)).socket;
          }
          const ack = await socket
            .timeout(2_000)
            .emitWithAck("im:send", { to: bob.username, ...message })
            .catch(() => null);
          if (ack?.ok) {
            acked.set(message.clientId, ack.data.id);
            break;
          }
          if (ack && !ack.ok) throw new Error(JSON.stringify(ack.error));
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        if (!killed && senderIndex === 2 && acked.size >= 80) {
          killed = true;
          await victim.kill();
        }
      }
      socket.close();
    }
    await Promise.all(senders.map((_, index) => send(index)));
    expect(killed).toBe(true);
    expect(acked.size).toBe(perSender * senders.length);

    // Every acknowledged message is in Bob's history exactly once.
    const ids: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = await ask(bob.socket, "im:sync", { afterSeq: cursor, limit: 500 });
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      ids.push(...page.data.messages.map((message) => message.id));
      cursor = page.data.cursor;
      if (!page.data.hasMore) break;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(acked.values()));

    // The killed instance's devices went offline for watchers, once (the sender reconnected later).
    await until(() => offline.some((view) => view.status.basic === "closed"), 20_000);
    expect(offline.filter((view) => view.status.basic === "closed")).toHaveLength(1);
    for (const someone of [bob, watcher]) someone.socket.close();
    instances[2] = await startInstance(2, victim.env.REDIS_PREFIX!);
  });

  it("a killed instance's devices go offline, once, for watchers on the survivors", async () => {
    const victim = instances[2]!;
    const alice = await person("alice", 2);
    const bob = await person("bob", 0);
    await befriend(bob, alice);
    const bobSees = views(bob.socket, alice.username);
    await victim.kill();
    await until(() => bobSees.some((view) => view.status.basic === "closed"), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(bobSees.filter((view) => view.status.basic === "closed")).toHaveLength(1);
    expect(bobSees.at(-1)!.status.lastSeenAt).not.toBeNull();
    // Alice reconnects to a survivor and is online again.
    const again = await connect(instances[1]!, alice.cookie);
    await until(() => bobSees.at(-1)!.status.basic === "open");
    again.socket.close();
    bob.socket.close();
    instances[2] = await startInstance(2, victim.env.REDIS_PREFIX!);
  });

  it("Redis restarting mid-run loses nothing: presence crosses instances again afterwards", async () => {
    const alice = await person("alice", 0);
    const bob = await person("bob", 1);
    await befriend(bob, alice);
    await redis.restart();
    const bobSees = views(bob.socket, alice.username);
    // Reconnection takes a moment; keep changing until a change crosses over.
    for (let attempt = 0; attempt < 80 && bobSees.length === 0; attempt += 1) {
      await ask(alice.socket, "presence:set-status", { availability: "away", note: `after restart ${attempt}` });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(bobSees.length).toBeGreaterThan(0);
    // Alice's device was written back to Redis: a third party still sees her online.
    const carol = await person("carol", 2);
    await befriend(carol, alice);
    const fetched = await ask(carol.socket, "presence:fetch", { username: alice.username });
    expect(fetched.ok && fetched.data.status.basic).toBe("open");
    for (const someone of [alice, bob, carol]) someone.socket.close();
  });
});
