// `npm run cluster -- [instances] [--no-nginx]` and its environment, checked before anything
// starts so that a typo costs nothing.
export type ClusterOptions = {
  count: number;
  /** false: the instances only, for a load balancer of one's own. */
  withNginx: boolean;
  /** nginx's port (CLUSTER_PORT). */
  listen: number;
  /** The instances' ports: CLUSTER_FIRST_INSTANCE_PORT and the ones after it. */
  instancePorts: number[];
  databaseUrl: string;
  redisUrl: string;
  /** Which backing services are the local defaults, and so may be started when down. */
  localPostgres: boolean;
  localRedis: boolean;
  /** CLUSTER_SKIP_BUILD=1: use the build that is there (the tests have built already). */
  build: boolean;
  /** What each instance runs: null for the server bundle (scripts/server-bundle.ts), or a stand-in that CLUSTER_INSTANCE_SCRIPT names (tests of the script). */
  instanceScript: string | null;
};

export const USAGE = "usage: npm run cluster -- [instances, 1 to 16; default 3] [--no-nginx]";
export const DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/buddylist_cluster";
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

function port(name: string, raw: string | undefined, fallback: number): number {
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`${name} must be a port number (1 to 65535), not "${raw}"`);
  return value;
}

export function parseClusterOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ClusterOptions {
  const flags = argv.filter((arg) => arg.startsWith("-"));
  const positional = argv.filter((arg) => !arg.startsWith("-"));
  const unknown = flags.filter((flag) => flag !== "--no-nginx");
  if (unknown.length > 0 || positional.length > 1) throw new Error(`unexpected ${[...unknown, ...positional.slice(1)].join(" ")}\n${USAGE}`);
  const count = positional[0] === undefined ? 3 : Number(positional[0]);
  if (!Number.isInteger(count) || count < 1 || count > 16) throw new Error(`give a number of instances from 1 to 16\n${USAGE}`);

  const listen = port("CLUSTER_PORT", env.CLUSTER_PORT, 8080);
  const first = port("CLUSTER_FIRST_INSTANCE_PORT", env.CLUSTER_FIRST_INSTANCE_PORT, 3101);
  const instancePorts = Array.from({ length: count }, (_, index) => first + index);
  if (instancePorts.at(-1)! > 65_535) throw new Error(`CLUSTER_FIRST_INSTANCE_PORT ${first} leaves no room for ${count} instances`);
  const withNginx = !flags.includes("--no-nginx");
  if (withNginx && instancePorts.includes(listen)) throw new Error(`CLUSTER_PORT ${listen} is one of the instances' ports`);

  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error("DATABASE_URL must be postgresql://…: instances share one PostgreSQL database");

  return {
    count,
    withNginx,
    listen,
    instancePorts,
    databaseUrl,
    redisUrl: env.REDIS_URL || DEFAULT_REDIS_URL,
    localPostgres: !env.DATABASE_URL,
    localRedis: !env.REDIS_URL,
    build: env.CLUSTER_SKIP_BUILD !== "1",
    instanceScript: env.CLUSTER_INSTANCE_SCRIPT || null,
  };
}
