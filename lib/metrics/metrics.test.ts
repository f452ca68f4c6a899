// The registry as a scraper reads it: what the server records shows up under the documented
// names, and the Grafana dashboard in deploy/ queries only what the registry exports.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePrometheusText, seriesNames } from "@/tests/prometheus-text";
import { observeBroadcasts } from "./broadcasts";
import { createMetrics } from "./metrics";

async function scrape(metrics: ReturnType<typeof createMetrics>) {
  return parsePrometheusText(await metrics.registry.metrics());
}

describe("metrics", () => {
  it("counts commands by outcome and times them", async () => {
    const metrics = createMetrics();
    const record = metrics.command("im:send");
    record(0.002, "ok");
    record(0.004, "ok");
    record(0.001, "rate_limited");
    const scraped = await scrape(metrics);
    expect(scraped.sum("buddylist_commands_total", { command: "im:send", outcome: "ok" })).toBe(2);
    expect(scraped.sum("buddylist_commands_total", { command: "im:send", outcome: "rate_limited" })).toBe(1);
    expect(scraped.sum("buddylist_command_duration_seconds_count", { command: "im:send" })).toBe(3);
    expect(scraped.sum("buddylist_command_duration_seconds_sum", { command: "im:send" })).toBeCloseTo(0.007);
    expect(scraped.sum("buddylist_command_duration_seconds_bucket", { command: "im:send", le: "0.0025" })).toBe(2);
  });

  it("shows a command's ok series at zero before it was ever sent", async () => {
    const metrics = createMetrics();
    metrics.command("presence:set-status");
    const scraped = await scrape(metrics);
    expect(scraped.samples).toContainEqual({
      name: "buddylist_commands_total",
      labels: { command: "presence:set-status", outcome: "ok" },
      value: 0,
    });
  });

  it("reads the gauges at scrape time", async () => {
    const metrics = createMetrics();
    let sockets = 3;
    metrics.readGaugesFrom({ sockets: () => sockets, devices: async () => 7, presentities: () => 12 });
    expect((await scrape(metrics)).sum("buddylist_sockets_connected")).toBe(3);
    sockets = 5;
    const scraped = await scrape(metrics);
    expect(scraped.sum("buddylist_sockets_connected")).toBe(5);
    expect(scraped.sum("buddylist_devices_connected")).toBe(7);
    expect(scraped.sum("buddylist_presentities_held")).toBe(12);
    expect(scraped.sum("buddylist_redis_adapter")).toBe(0);
    expect(scraped.samples.some((sample) => sample.name === "buddylist_redis_ping_seconds")).toBe(false);
  });

  it("reports a Redis round trip, and -1 when the ping fails", async () => {
    const metrics = createMetrics();
    let fail = false;
    metrics.readGaugesFrom({
      sockets: () => 0,
      devices: () => 0,
      presentities: () => 0,
      redisPing: async () => {
        if (fail) throw new Error("down");
        return 0.0005;
      },
    });
    expect((await scrape(metrics)).sum("buddylist_redis_ping_seconds")).toBe(0.0005);
    fail = true;
    const scraped = await scrape(metrics);
    expect(scraped.sum("buddylist_redis_ping_seconds")).toBe(-1);
    expect(scraped.sum("buddylist_redis_adapter")).toBe(1);
  });

  it("exports the process' own figures: event-loop delay, GC, memory", async () => {
    const scraped = await scrape(createMetrics());
    for (const name of ["nodejs_eventloop_lag_p99_seconds", "nodejs_gc_duration_seconds", "process_resident_memory_bytes"]) {
      expect(scraped.has(name), name).toBe(true);
    }
  });
});

describe("observeBroadcasts", () => {
  /** The two steps socket.io-adapter's broadcast takes, over a fixed set of recipients. */
  function fakeAdapter(recipients: string[]) {
    const written: string[] = [];
    const adapter = {
      _encode: (packet: { data: unknown[] }) => [JSON.stringify(packet.data)],
      apply: (_options: unknown, callback: (socket: string) => void) => recipients.forEach(callback),
      broadcast(packet: { data: unknown[] }) {
        const encoded = this._encode(packet);
        this.apply({}, (socket) => written.push(`${socket}:${encoded[0]}`));
      },
      fetchSockets() {
        const found: string[] = [];
        this.apply({}, (socket) => found.push(socket));
        return found;
      },
    };
    return { adapter, written };
  }

  it("counts each broadcast by event with the sockets it reached, and still delivers it", () => {
    const { adapter, written } = fakeAdapter(["a", "b", "c"]);
    const seen: [string, number][] = [];
    observeBroadcasts(adapter, (event, sockets) => seen.push([event, sockets]));
    adapter.broadcast({ data: ["presence:changed", { x: 1 }] });
    expect(seen).toEqual([["presence:changed", 3]]);
    expect(written).toHaveLength(3);
  });

  it("does not count a walk over the sockets that sends nothing (fetchSockets)", () => {
    const { adapter } = fakeAdapter(["a", "b"]);
    const seen: [string, number][] = [];
    observeBroadcasts(adapter, (event, sockets) => seen.push([event, sockets]));
    expect(adapter.fetchSockets()).toEqual(["a", "b"]);
    expect(seen).toEqual([]);
  });

  it("refuses an adapter it cannot measure instead of counting nothing", () => {
    expect(() => observeBroadcasts({}, () => {})).toThrow(/cannot be measured/);
  });
});

describe("the Grafana dashboard (deploy/grafana-dashboard.json)", () => {
  const file = path.resolve(import.meta.dirname, "../../deploy/grafana-dashboard.json");
  const dashboard = JSON.parse(readFileSync(file, "utf8")) as {
    panels: { type: string; title: string; targets?: { expr: string }[] }[];
    templating: { list: { definition?: string }[] };
  };
  const queries = [
    ...dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
    ...dashboard.templating.list.flatMap((variable) => (variable.definition ? [variable.definition] : [])),
  ];

  /** A registry as a clustered server has it (every series present). */
  function clustered() {
    const metrics = createMetrics();
    metrics.readGaugesFrom({ sockets: () => 0, devices: () => 0, presentities: () => 0, redisPing: async () => 0.001 });
    return metrics;
  }

  it("queries only series the registry exports", async () => {
    const metrics = clustered();
    metrics.command("im:send");
    const exported = seriesNames((await scrape(metrics)).types);
    const queried = new Set(queries.flatMap((expr) => expr.match(/\b(?:buddylist|nodejs|process)_[a-z0-9_]+/g) ?? []));
    expect(queried.size).toBeGreaterThan(15);
    expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
  });

  it("has a query in every panel that is not a row", () => {
    const empty = dashboard.panels.filter((panel) => panel.type !== "row" && (panel.targets ?? []).length === 0);
    expect(empty.map((panel) => panel.title)).toEqual([]);
  });

  it("shows every buddylist metric somewhere", async () => {
    const families = [...(await scrape(clustered())).types.keys()].filter((name) => name.startsWith("buddylist_"));
    const unused = families.filter((family) => !queries.some((expr) => expr.includes(family)));
    expect(unused).toEqual([]);
  });
});
