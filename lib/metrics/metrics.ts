// What the server counts for Prometheus (`GET /metrics`, lib/metrics/endpoint.ts). One registry
// per server, built only when the operator turned metrics on: otherwise nothing is measured.
// The hot paths (a command, a broadcast, a query) get label children made once, so measuring
// one costs a clock read and a few additions, no label hashing.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Seconds: most commands and queries take well under a millisecond; the tail is what matters. */
const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Sockets one broadcast reached on this instance. */
const FANOUT_BUCKETS = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];
const PUSH_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Records one command: how long it took and what its ack said ("ok" or the error code). */
export type CommandRecorder = (seconds: number, outcome: string) => void;

/** What the gauges read at scrape time. */
export type GaugeSources = {
  /** Sockets connected to this instance. */
  sockets: () => number;
  /** Devices (presence tuples) connected, across the service when clustered. */
  devices: () => Promise<number> | number;
  /** Presentities whose entry this instance holds in memory. */
  presentities: () => number;
  /** Round trip of one Redis command, in seconds; absent without Redis. */
  redisPing?: () => Promise<number>;
};

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const commands = new Counter({
    name: "buddylist_commands_total",
    help: "Socket commands answered, by command and outcome (ok or the error code).",
    labelNames: ["command", "outcome"] as const,
    registers,
  });
  const commandSeconds = new Histogram({
    name: "buddylist_command_duration_seconds",
    help: "Time from a command's arrival to its acknowledgement (scope, rate limit, validation, service call).",
    labelNames: ["command"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const events = new Counter({
    name: "buddylist_events_total",
    help: "Events broadcast to rooms (notifications), by event name; counted where they are delivered.",
    labelNames: ["event"] as const,
    registers,
  });
  const fanout = new Histogram({
    name: "buddylist_event_fanout_sockets",
    help: "Sockets of this instance that one broadcast reached, by event name.",
    labelNames: ["event"] as const,
    buckets: FANOUT_BUCKETS,
    registers,
  });
  const connections = new Counter({
    name: "buddylist_socket_connections_total",
    help: "Sockets that completed the handshake.",
    registers,
  });
  const disconnections = new Counter({
    name: "buddylist_socket_disconnections_total",
    help: "Sockets that closed, by socket.io's reason.",
    labelNames: ["reason"] as const,
    registers,
  });
  const stored = new Counter({ name: "buddylist_messages_stored_total", help: "Instant messages written to the database.", registers });
  const delivered = new Counter({
    name: "buddylist_messages_delivered_total",
    help: "Instant messages a device of their recipient confirmed (delivery receipts).",
    registers,
  });
  const pushes = new Counter({
    name: "buddylist_push_sends_total",
    help: "Web Push messages handed to push services, by outcome (sent, gone, failed).",
    labelNames: ["outcome"] as const,
    registers,
  });
  const pushSeconds = new Histogram({
    name: "buddylist_push_send_duration_seconds",
    help: "Time a push service took to accept (or refuse) one message.",
    buckets: PUSH_BUCKETS,
    registers,
  });
  const querySeconds = new Histogram({
    name: "buddylist_db_query_duration_seconds",
    help: "Database statements as the driver ran them, queue wait included, by provider and operation (query or execute).",
    labelNames: ["provider", "operation"] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });

  let sources: GaugeSources | undefined;
  new Gauge({
    name: "buddylist_sockets_connected",
    help: "Sockets connected to this instance.",
    registers,
    collect() {
      if (sources) this.set(sources.sockets());
    },
  });
  new Gauge({
    name: "buddylist_devices_connected",
    help: "Devices (presence tuples) connected, across the service when clustered.",
    registers,
    async collect() {
      if (sources) this.set(await sources.devices());
    },
  });
  new Gauge({
    name: "buddylist_presentities_held",
    help: "Presentities whose entry (document, rules, watchers' views) this instance holds in memory.",
    registers,
    collect() {
      if (sources) this.set(sources.presentities());
    },
  });
  new Gauge({
    name: "buddylist_redis_adapter",
    help: "1 when this instance shares rooms and presence through Redis (a cluster), else 0.",
    registers,
    collect() {
      this.set(sources?.redisPing ? 1 : 0);
    },
  });
  const okOutcome = "ok";
  const eventChildren = new Map<string, { count: Counter.Internal; fanout: Histogram.Internal<"event"> }>();
  const pushChildren = { sent: pushes.labels("sent"), gone: pushes.labels("gone"), failed: pushes.labels("failed") };
  stored.inc(0);
  delivered.inc(0);
  connections.inc(0);

  return {
    registry,

    /** The recorder of one command, made once when its listener is built (the series exist from the start). */
    command(name: string): CommandRecorder {
      const ok = commands.labels(name, okOutcome);
      const seconds = commandSeconds.labels(name);
      ok.inc(0);
      return (elapsed, outcome) => {
        seconds.observe(elapsed);
        if (outcome === okOutcome) ok.inc();
        else commands.labels(name, outcome).inc();
      };
    },

    /** One broadcast delivered on this instance to `sockets` sockets. */
    broadcast(event: string, sockets: number) {
      let children = eventChildren.get(event);
      if (!children) {
        children = { count: events.labels(event), fanout: fanout.labels(event) };
        eventChildren.set(event, children);
      }
      children.count.inc();
      children.fanout.observe(sockets);
    },

    socketOpened() {
      connections.inc();
    },
    socketClosed(reason: string) {
      disconnections.labels(reason).inc();
    },
    messageStored() {
      stored.inc();
    },
    messagesDelivered(count: number) {
      delivered.inc(count);
    },
    pushSent(outcome: keyof typeof pushChildren, seconds: number) {
      pushChildren[outcome].inc();
      pushSeconds.observe(seconds);
    },

    /** The timer of one provider's statements (lib/db/client.ts calls it per statement). */
    queryTimer(provider: string): (operation: "query" | "execute", seconds: number) => void {
      const query = querySeconds.labels(provider, "query");
      const execute = querySeconds.labels(provider, "execute");
      return (operation, seconds) => (operation === "query" ? query : execute).observe(seconds);
    },

    /** Where the gauges read from; set once, when the socket server exists. */
    readGaugesFrom(next: GaugeSources) {
      sources = next;
      const { redisPing } = next;
      // Only a cluster has a Redis to time: without one the series is absent, not a false 0.
      if (redisPing) {
        new Gauge({
          name: "buddylist_redis_ping_seconds",
          help: "Round trip of a Redis PING at scrape time (-1 when it failed).",
          registers,
          async collect() {
            this.set(await redisPing().catch(() => -1));
          },
        });
      }
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
