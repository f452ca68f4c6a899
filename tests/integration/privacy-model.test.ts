// The model-based test of issue 13: random sequences of status changes, devices, subscriptions,
// groups, every rule action and subject, invisible mode, visibility rules, messages and requests,
// run through the real server and sockets, with the contract checked for every watcher after
// every step (tests/model/). On SQLite: one server. With TEST_DATABASE=postgres: two instances on
// one PostgreSQL database and one Redis, each account's sockets on its own instance. On SQLite the
// last account also watches over XMPP (tests/model/xmpp-watcher.ts); XMPP sessions are served by
// one instance only so far (docs/xmpp.md, Limits), so not across instances.
//
// MODEL_RUNS=N sequences (default small, for the suite), MODEL_SEED / MODEL_PATH to reproduce a
// printed failure, MODEL_STEPS for longer sequences, MODEL_SHRINK_MS to bound shrinking.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Transport } from "../model/driver";
import type { XmppAccess } from "../model/xmpp-watcher";
import { freePort } from "../free-port";
import { checkModel, optionsFromEnv, UNLIMITED } from "../model/property";
import { newUser, PASSWORD, removeDataDir, startServer, testDataDir, type TestServer } from "./harness";
import { onPostgres } from "./postgres";
import { startRedis, type TestRedis } from "./redis";

const GRACE_MS = 50;
const ENV = { PRESENCE_GRACE_MS: String(GRACE_MS), ...UNLIMITED };
const options = optionsFromEnv({ runs: onPostgres() ? 5 : 10 });
const TIMEOUT_MS = 60_000 + options.runs * 60_000 + (options.shrinkMs ?? 0);

function transportFor(name: string, servers: TestServer[], settleMs: number, xmpp?: XmppAccess): Transport {
  return {
    name,
    xmpp,
    urls: servers.map((server) => server.url),
    graceMs: GRACE_MS,
    settleMs,
    async poll(account, username) {
      const response = await fetch(`${servers[account.instance]!.url}/api/presence/${username}`, {
        headers: account.cookie ? { cookie: account.cookie } : {},
      });
      return { status: response.status, body: await response.text() };
    },
    async createAccount(prefix, instance) {
      const { username, cookie } = await newUser(servers[instance]!, prefix);
      return { username, cookie };
    },
  };
}

describe.runIf(!onPostgres())("the privacy contract against a model, on one server (SQLite)", () => {
  let server: TestServer;
  let xmppPort: number;
  beforeAll(async () => {
    xmppPort = await freePort();
    server = await startServer({ env: { ...ENV, XMPP_PORT: String(xmppPort), XMPP_TLS_PORT: "off", XMPP_DOMAIN: "localhost" } });
  });
  afterAll(async () => {
    if (process.env.SHOW_SERVER_LOGS) console.log(server.logs.filter((line) => /"level":(40|50)/.test(line)).join("\n"));
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it(
    "holds for every watcher after every step of random sequences",
    async () => {
      const stats = await checkModel(transportFor("sqlite", [server], 25, { port: xmppPort, domain: "localhost", password: PASSWORD }), options);
      expect(stats.sequences).toBe(options.runs);
    },
    TIMEOUT_MS,
  );
});

describe.runIf(onPostgres())("the privacy contract against a model, on two instances (PostgreSQL + Redis)", () => {
  let redis: TestRedis;
  let dataDir: string;
  const instances: TestServer[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    dataDir = testDataDir();
    const env = { ...ENV, REDIS_URL: redis.url, REDIS_PREFIX: `model-${randomBytes(4).toString("hex")}:` };
    // The first instance applies the migrations; the second finds them applied.
    instances.push(await startServer({ dataDir, env: { ...env, INSTANCE_ID: "model-0" } }));
    instances.push(await startServer({ dataDir, env: { ...env, INSTANCE_ID: "model-1" } }));
  });
  afterAll(async () => {
    if (process.env.SHOW_SERVER_LOGS) {
      for (const instance of instances) console.log(instance.logs.filter((line) => /"level":(40|50)/.test(line)).join("\n"));
    }
    await Promise.all(instances.map((instance) => instance.stop()));
    await redis?.stop();
    if (dataDir) await removeDataDir(dataDir);
  });

  it(
    "holds for every watcher after every step of random sequences, across instances",
    async () => {
      const stats = await checkModel(transportFor("postgres+redis, 2 instances", instances, 120), options);
      expect(stats.sequences).toBe(options.runs);
    },
    TIMEOUT_MS,
  );
});
