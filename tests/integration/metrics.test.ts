// GET /metrics on a real server, read as Prometheus would: counters move with what clients do,
// the token is required, and METRICS_ADDRESS moves the metrics off the main port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InstantMessage } from "@/lib/protocol";
import { parsePrometheusText, type Scrape } from "../prometheus-text";
import { randomBytes, randomUUID } from "node:crypto";
import { ask, connect, newUser, nextEvent, ok, removeDataDir, startServer, testDataDir, type TestServer, type TestSocket } from "./harness";
import { onPostgres } from "./postgres";
import { startRedis, type TestRedis } from "./redis";

const TOKEN = "metrics-token-for-the-test-0123";

async function scrape(url: string, token: string | undefined = TOKEN): Promise<Scrape> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await response.text());
}

async function person(server: TestServer, prefix: string) {
  const { username, cookie } = await newUser(server, prefix);
  const { socket } = await connect(server, cookie);
  return { username, socket };
}


describe("GET /metrics with METRICS_TOKEN", () => {
  let server: TestServer;
  let metricsUrl: string;
  beforeAll(async () => {
    server = await startServer({ env: { METRICS_TOKEN: TOKEN } });
    metricsUrl = `${server.url}/metrics`;
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await removeDataDir(server.dataDir);
  });

  it("refuses a scrape without the token, or with another one", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer not-the-metrics-token-0123" }, { authorization: `Basic ${TOKEN}` }];
    for (const headers of attempts) {
      const response = await fetch(metricsUrl, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toMatch(/buddylist_/);
    }
  });

  it("counts commands, events, messages, deliveries, sockets and statements as clients use the service", async () => {
    const before = await scrape(metricsUrl);
    const alice = await person(server, "alice");
    const bob = await person(server, "bob");
    const sockets: TestSocket[] = [alice.socket, bob.socket];
    await ok(ask(alice.socket, "subscription:request", { username: bob.username }));
    await ok(ask(bob.socket, "subscription:request", { username: alice.username }));
    for (const availability of ["busy", "away", "available"]) {
      await ok(ask(alice.socket, "presence:set-status", { availability }));
    }
    // One that fails validation: counted under its error code.
    expect(await ask(alice.socket, "presence:set-status", { availability: "sleepy" })).toMatchObject({ ok: false });
    const received = nextEvent(bob.socket, "im:received");
    const message = await ok<InstantMessage>(ask(alice.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "counted?" }));
    await received;
    const delivered = nextEvent(alice.socket, "im:status");
    await ok(ask(bob.socket, "im:confirm-delivery", { ids: [message.id] }));
    await delivered;

    const after = await scrape(metricsUrl);
    const moved = (name: string, labels?: Record<string, string>) => after.sum(name, labels) - before.sum(name, labels);
    expect(moved("buddylist_commands_total", { command: "presence:set-status", outcome: "ok" })).toBe(3);
    expect(moved("buddylist_commands_total", { command: "presence:set-status", outcome: "invalid_payload" })).toBe(1);
    expect(moved("buddylist_commands_total", { command: "im:send", outcome: "ok" })).toBe(1);
    expect(moved("buddylist_command_duration_seconds_count", { command: "presence:set-status" })).toBe(4);
    expect(moved("buddylist_command_duration_seconds_bucket", { command: "im:send", le: "+Inf" })).toBe(1);
    expect(after.sum("buddylist_command_duration_seconds_sum", { command: "im:send" })).toBeGreaterThan(0);
    expect(moved("buddylist_messages_stored_total")).toBe(1);
    expect(moved("buddylist_messages_delivered_total")).toBe(1);
    // The message reached bob's tab and alice's own (the sending tab is left out of that broadcast).
    expect(moved("buddylist_events_total", { event: "im:received" })).toBeGreaterThanOrEqual(1);
    expect(moved("buddylist_events_total", { event: "im:status" })).toBe(1);
    // bob watches alice: her status changes reached him.
    expect(moved("buddylist_events_total", { event: "presence:changed" })).toBeGreaterThanOrEqual(1);
    expect(moved("buddylist_event_fanout_sockets_sum", { event: "im:status" })).toBe(1);
    expect(moved("buddylist_socket_connections_total")).toBe(2);
    expect(after.sum("buddylist_sockets_connected")).toBe(before.sum("buddylist_sockets_connected") + 2);
    expect(after.sum("buddylist_devices_connected")).toBe(before.sum("buddylist_devices_connected") + 2);
    expect(moved("buddylist_db_query_duration_seconds_count", { operation: "query" })).toBeGreaterThan(0);
    expect(moved("buddylist_db_query_duration_seconds_count", { operation: "execute" })).toBeGreaterThan(0);
    expect(after.sum("buddylist_redis_adapter")).toBe(0);
    // The process' own figures (prom-client's defaults).
    expect(after.has("nodejs_eventloop_lag_p99_seconds")).toBe(true);
    expect(after.types.get("nodejs_gc_duration_seconds")).toBe("histogram");
    expect(after.sum("process_resident_memory_bytes")).toBeGreaterThan(0);

    const closed = nextEvent(alice.socket, "presence:changed").catch(() => null);
    bob.socket.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await scrape(metricsUrl);
    expect(later.sum("buddylist_socket_disconnections_total") - before.sum("buddylist_socket_disconnections_total")).toBe(1);
    expect(later.sum("buddylist_sockets_connected")).toBe(after.sum("buddylist_sockets_connected") - 1);
    for (const socket of sockets) socket.close();
  });
});

describe("METRICS_ADDRESS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { METRICS_ADDRESS: "127.0.0.1:0" } });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    await removeDataDir(server.dataDir);
  });

  it("serves the metrics on that address only, not on the main port", async () => {
    const line = server.logs.find((candidate) => candidate.includes("metrics served"));
    const address = /"metricsAddress":"([^"]+)"/.exec(line ?? "")?.[1];
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const scraped = await scrape(`http://${address}/metrics`, undefined);
    expect(scraped.types.get("buddylist_commands_total")).toBe("counter");

    const main = await fetch(`${server.url}/metrics`);
    expect(main.status).toBe(404);
    expect(await main.text()).not.toMatch(/buddylist_commands_total/);
    expect((await fetch(`http://${address}/`)).status).toBe(404);
  });
});

describe.runIf(onPostgres())("two instances sharing Redis", () => {
  let redis: TestRedis;
  let dataDir: string;
  let instances: TestServer[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = testDataDir();
    const env = { METRICS_TOKEN: TOKEN, REDIS_URL: redis.url, REDIS_PREFIX: `metrics-${randomBytes(4).toString("hex")}:` };
    // The first applies the migrations; the second finds them applied.
    instances = [await startServer({ dataDir, env: { ...env, INSTANCE_ID: "metrics-0" } })];
    instances.push(await startServer({ dataDir, env: { ...env, INSTANCE_ID: "metrics-1" } }));
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis.stop();
    await removeDataDir(dataDir);
  });

  it("counts a notification where it is delivered, and shows the Redis adapter and its round trip", async () => {
    const [first, second] = instances as [TestServer, TestServer];
    const alice = await person(first, "alice");
    const bob = await person(second, "bob");
    await ok(ask(alice.socket, "subscription:request", { username: bob.username }));
    await ok(ask(bob.socket, "subscription:request", { username: alice.username }));
    const before = await scrape(`${second.url}/metrics`);
    const received = nextEvent(bob.socket, "im:received");
    await ok(ask(alice.socket, "im:send", { to: bob.username, clientId: randomUUID(), body: "across instances" }));
    await received;

    const here = await scrape(`${first.url}/metrics`);
    const there = await scrape(`${second.url}/metrics`);
    // Sent on the first instance, delivered to bob's socket on the second through Redis.
    expect(there.sum("buddylist_events_total", { event: "im:received" }) - before.sum("buddylist_events_total", { event: "im:received" })).toBe(1);
    expect(
      there.sum("buddylist_event_fanout_sockets_sum", { event: "im:received" }) -
        before.sum("buddylist_event_fanout_sockets_sum", { event: "im:received" }),
    ).toBe(1);
    expect(here.sum("buddylist_messages_stored_total")).toBe(1);
    expect(there.sum("buddylist_messages_stored_total")).toBe(0);
    for (const scraped of [here, there]) {
      expect(scraped.sum("buddylist_redis_adapter")).toBe(1);
      expect(scraped.sum("buddylist_redis_ping_seconds")).toBeGreaterThan(0);
      expect(scraped.sum("buddylist_sockets_connected")).toBe(1);
    }
    alice.socket.close();
    bob.socket.close();
  });
});
