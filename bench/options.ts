// `npm run bench` options: each `--name value`, or BENCH_NAME in the environment.
import { parseArgs } from "node:util";
import { GROUP_MAX_MEMBERS } from "@/lib/protocol/groups";
import { fail } from "./common";
import { type Shape, shapeProblem } from "./workload";

export const SCENARIOS = ["presence", "messaging", "instances", "groups", "xmpp"] as const;
export type Scenario = (typeof SCENARIOS)[number];

const OPTION_DEFAULTS = {
  /** presence | messaging | instances | groups | xmpp | all, or a comma-separated list. */
  scenario: "all",
  clients: "2000",
  contacts: "50",
  changes: "200",
  /** Pause between two status changes: uniform in [min, max] ms. */
  pace: "20-50",
  /** Generator processes holding the clients. */
  workers: "2",
  /** Socket handshakes in flight at once, over all generator processes. */
  concurrency: "100",
  signins: "100",
  "signin-concurrency": "10",
  seed: "1",
  /** Each scenario (after a build, if one was needed, and the quiet wait) is aborted after this many seconds. */
  timeout: "900",
  /** Before starting, wait up to this many seconds for other processes to leave the cores alone. */
  "quiet-wait": "60",
  "log-level": "info",
  /** Extra Node.js flags for the servers, space-separated (written --server-node-args=--trace-gc: GC lines in the server logs, kept with --keep). */
  "server-node-args": "",
  /** Whether the presence scenario also runs the bare socket.io floor after buddylist: on | off (a long --changes run may skip it). */
  floor: "on",
  /** Whether the real servers run with GET /metrics on (METRICS_TOKEN), to see what measuring costs: on | off. */
  metrics: "off",
  // messaging
  /** Pairs of mutual contacts exchanging messages (2 × pairs sockets). */
  pairs: "1000",
  /** Offered load in messages/s; a comma-separated list runs one step per rate, one after the other. */
  rates: "1000",
  /** Seconds each rate step lasts. */
  duration: "15",
  /** Messages stored before the run (history and search are measured against them). */
  stored: "1000000",
  /** Of those, how many belong to one very large conversation. */
  big: "100000",
  /** Repetitions of each history/search probe. */
  probes: "200",
  /** Whether receiving clients confirm delivery (`im:confirm-delivery`) as the browser does: on | off. */
  confirm: "on",
  /** Message changes on top of the messages: 10 % get a reaction (by the recipient), 2 % an edit (by the sender): on | off. */
  "message-changes": "off",
  // instances
  /** Instance counts to run on PostgreSQL + Redis, beside one instance on SQLite. */
  instances: "1,2,3",
  /** Clients of the instances scenario (ring of --contacts contacts); message pairs are ring neighbours. */
  "instance-clients": "2000",
  /**
   * How clients are spread over the instances: round-robin (a change's watchers on every
   * instance) or blocks (consecutive ring positions together, as users who know each other
   * would be placed by a community-aware balancer: most watchers on the presentity's instance).
   */
  placement: "round-robin",
  "instance-rate": "1000",
  "instance-duration": "10",
  "postgres-url": "postgresql://postgres@127.0.0.1:5432/postgres",
  // groups
  /** Members of the group (mutual contacts, created with groupchat:create), at most GROUP_MAX_MEMBERS. */
  members: "50",
  /** Offered group messages per second, all members together; a comma-separated list runs one step per rate. */
  "group-rates": "100",
  /** Seconds each group rate step lasts. */
  "group-duration": "10",
  /** Members of the one very large group (seeded through the store, past GROUP_MAX_MEMBERS); 0 skips it. */
  "group-big": "1000",
  /** Messages sent to the very large group, one a second. */
  "group-big-messages": "5",
  "redis-server": "redis-server",
  // xmpp
  /** Whether the xmpp scenario also runs Prosody (stock and tuned) after buddylist: on | off. */
  prosody: "on",
} as const;

type OptionName = keyof typeof OPTION_DEFAULTS;

export function parseOptions() {
  const { values } = parseArgs({
    options: {
      ...(Object.fromEntries(Object.keys(OPTION_DEFAULTS).map((name) => [name, { type: "string" }])) as Record<
        OptionName,
        { type: "string" }
      >),
      profile: { type: "boolean" },
      keep: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(
      `npm run bench -- [--${Object.entries(OPTION_DEFAULTS).map(([name, value]) => `${name} ${value}`).join("] [--")}] [--profile] [--keep]\n` +
        "Each option can also come from the environment: BENCH_CLIENTS, BENCH_SIGNIN_CONCURRENCY, …\n" +
        "--profile writes V8 CPU profiles of the servers; --keep keeps the temporary folder (database, logs).\n" +
        "Scenarios: presence (fan-out against a bare socket.io floor), messaging (pairs exchanging messages,\n" +
        "history and search over --stored messages), instances (1…n instances on PostgreSQL + Redis beside SQLite),\n" +
        "groups (one group of --members receiving --group-rates messages/s; one message a second to a --group-big group),\n" +
        "xmpp (the XMPP endpoint against Prosody stock and tuned, with the peer generator, --clients/--contacts/--changes/--pace).",
    );
    process.exit(0);
  }
  const text = (name: OptionName): string =>
    values[name] ?? process.env[`BENCH_${name.toUpperCase().replace(/-/g, "_")}`] ?? OPTION_DEFAULTS[name];
  const integer = (name: OptionName, min: number): number => {
    const value = Number(text(name));
    if (!Number.isInteger(value) || value < min) fail(`--${name} must be an integer ≥ ${min}, got "${text(name)}"`);
    return value;
  };
  const integers = (name: OptionName, min: number): number[] => {
    const list = text(name).split(",").map(Number);
    if (list.length === 0 || list.some((value) => !Number.isInteger(value) || value < min)) {
      fail(`--${name} must be a comma-separated list of integers ≥ ${min}, got "${text(name)}"`);
    }
    return list;
  };
  const pace = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(text("pace"));
  if (!pace || Number(pace[1]) > Number(pace[2])) fail(`--pace must look like 20-50 (ms), got "${text("pace")}"`);
  const shape: Shape = { clients: integer("clients", 2), contacts: integer("contacts", 2) };
  const problem = shapeProblem(shape);
  if (problem) fail(problem);
  const instanceShape: Shape = { clients: integer("instance-clients", 2), contacts: shape.contacts };
  const instanceProblem = shapeProblem(instanceShape);
  if (instanceProblem || instanceShape.clients % 2 !== 0) fail(instanceProblem ?? "--instance-clients must be even (message pairs)");
  const scenarioText = text("scenario");
  const scenarios = scenarioText === "all" ? [...SCENARIOS] : (scenarioText.split(",") as Scenario[]);
  if (scenarios.some((scenario) => !SCENARIOS.includes(scenario))) {
    fail(`--scenario must be all or a list of ${SCENARIOS.join(", ")}; got "${scenarioText}"`);
  }
  if (!["on", "off"].includes(text("metrics"))) fail(`--metrics must be on or off, got "${text("metrics")}"`);
  if (!["on", "off"].includes(text("confirm"))) fail(`--confirm must be on or off, got "${text("confirm")}"`);
  if (!["on", "off"].includes(text("floor"))) fail(`--floor must be on or off, got "${text("floor")}"`);
  if (!["on", "off"].includes(text("prosody"))) fail(`--prosody must be on or off, got "${text("prosody")}"`);
  if (!["round-robin", "blocks"].includes(text("placement"))) fail(`--placement must be round-robin or blocks, got "${text("placement")}"`);
  if (!["on", "off"].includes(text("message-changes"))) fail(`--message-changes must be on or off, got "${text("message-changes")}"`);
  if (integer("members", 3) > GROUP_MAX_MEMBERS) fail(`--members must be at most ${GROUP_MAX_MEMBERS} (GROUP_MAX_MEMBERS; --group-big goes past it)`);
  const pairs = integer("pairs", 1);
  const stored = integer("stored", 0);
  return {
    scenarios,
    shape,
    changes: integer("changes", 1),
    floor: text("floor") === "on",
    serverNodeArgs: text("server-node-args").split(" ").filter(Boolean),
    minGapMs: Number(pace![1]),
    maxGapMs: Number(pace![2]),
    workers: integer("workers", 1),
    concurrency: integer("concurrency", 1),
    signIns: Math.min(integer("signins", 0), shape.clients),
    signInConcurrency: integer("signin-concurrency", 1),
    seed: integer("seed", 0),
    timeoutSeconds: integer("timeout", 10),
    quietWaitSeconds: integer("quiet-wait", 0),
    logLevel: text("log-level"),
    /** Added to every real server's environment. */
    metricsEnv: (text("metrics") === "on" ? { METRICS_TOKEN: "bench-metrics-token-0123456789" } : {}) as Record<string, string>,
    profile: Boolean(values.profile),
    keep: Boolean(values.keep),
    messaging: {
      pairs,
      rates: integers("rates", 1),
      durationSeconds: integer("duration", 1),
      stored: Math.max(stored, pairs),
      big: Math.min(integer("big", 0), stored),
      probes: integer("probes", 1),
      confirm: text("confirm") === "on",
      messageChanges: text("message-changes") === "on",
    },
    groups: {
      members: integer("members", 3),
      rates: integers("group-rates", 1),
      durationSeconds: integer("group-duration", 1),
      big: integer("group-big", 0),
      bigMessages: integer("group-big-messages", 1),
    },
    xmpp: { prosody: text("prosody") === "on" },
    instances: {
      counts: integers("instances", 1),
      shape: instanceShape,
      placement: text("placement") as "round-robin" | "blocks",
      rate: integer("instance-rate", 1),
      durationSeconds: integer("instance-duration", 1),
      postgresUrl: text("postgres-url"),
      redisServer: text("redis-server"),
    },
  };
}
export type Options = ReturnType<typeof parseOptions>;
