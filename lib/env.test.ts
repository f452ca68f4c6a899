// getEnv() reads process.env once per process and caches the result, so each test loads a
// fresh copy of the module (vi.resetModules + dynamic import) under an environment it sets up.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { databaseProvider, sqliteFilePath } from "./env";

const tmpRoot = path.resolve(import.meta.dirname, "..", ".tmp", `env-test-${randomBytes(4).toString("hex")}`);
const SECRET = "s".repeat(32);

/** Every variable getEnv reads or writes; cleared before each load so the host's values don't leak in. */
const VARIABLES = [
  "ATTACHMENT_MAX_BYTES",
  "S3_BUCKET",
  "S3_ENDPOINT",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_FORCE_PATH_STYLE",
  "XMPP_PORT",
  "XMPP_TLS_PORT",
  "XMPP_DOMAIN",
  "AUTH_URL",
  "XMPP_TLS_CERT",
  "XMPP_TLS_KEY",
  "XMPP_ALLOW_PLAINTEXT",
  "NODE_ENV",
  "PORT",
  "HOST",
  "DATA_DIR",
  "DATABASE_URL",
  "AUTH_SECRET",
  "REDIS_URL",
  "LOG_LEVEL",
  "HEAP_GROWTH_PERCENT",
  "TRUST_PROXY",
  "PRESENCE_GRACE_MS",
  "PRESENCE_COALESCE_MS",
  "SESSION_MAX_AGE_DAYS",
  "IM_SENDS_PER_10_SECONDS",
  "IM_STRANGER_SENDS_PER_MINUTE",
  "SIGNUPS_PER_ADDRESS_PER_HOUR",
  "PRESENCE_COMMANDS_PER_MINUTE",
  "SUBSCRIPTION_COMMANDS_PER_MINUTE",
  "LOOKUP_COMMANDS_PER_MINUTE",
  "SETTINGS_COMMANDS_PER_MINUTE",
  "MESSAGING_COMMANDS_PER_MINUTE",
  "ADDRESS_LIMIT_FACTOR",
  "REDIS_PREFIX",
  "INSTANCE_ID",
  "ALLOWED_ORIGINS",
  "SIGNUPS",
  "VAPID_PUBLIC_KEY",
  "VAPID_PRIVATE_KEY",
  "VAPID_SUBJECT",
  "AUTH_TRUST_HOST",
  "NEXT_TELEMETRY_DISABLED",
  "METRICS_TOKEN",
  "METRICS_ADDRESS",
];

let saved: NodeJS.ProcessEnv;
let counter = 0;
/** A fresh, not yet existing data folder under .tmp. */
const freshDataDir = () => path.join(tmpRoot, `data-${++counter}`);

beforeEach(() => {
  saved = { ...process.env };
});

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  vi.resetModules();
});

afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

/** Loads a fresh env module with exactly these settings (plus a temp DATA_DIR unless given). */
async function load(vars: Record<string, string>) {
  for (const key of VARIABLES) delete process.env[key];
  Object.assign(process.env, { DATA_DIR: freshDataDir(), ...vars });
  vi.resetModules();
  return import("./env");
}

async function loadError(vars: Record<string, string>): Promise<Error> {
  const env = await load(vars);
  try {
    env.getEnv();
  } catch (error) {
    expect(error).toBeInstanceOf(env.EnvError);
    return error as Error;
  }
  throw new Error(`expected getEnv() to refuse ${JSON.stringify(vars)}`);
}

describe("getEnv defaults", () => {
  it("runs with no configuration but a secret: defaults everywhere, SQLite in the data folder", async () => {
    const dataDir = freshDataDir();
    const env = (await load({ DATA_DIR: dataDir, AUTH_SECRET: SECRET })).getEnv();
    expect(env).toEqual({
      NODE_ENV: "development",
      PORT: 3000,
      HOST: "0.0.0.0",
      DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "buddylist.db")}`,
      AUTH_SECRET: SECRET,
      LOG_LEVEL: "info",
      HEAP_GROWTH_PERCENT: 20,
      TRUST_PROXY: false,
      PRESENCE_GRACE_MS: 5000,
      PRESENCE_COALESCE_MS: 100,
      SESSION_MAX_AGE_DAYS: 30,
      IM_SENDS_PER_10_SECONDS: 30,
      IM_STRANGER_SENDS_PER_MINUTE: 5,
      SIGNUPS_PER_ADDRESS_PER_HOUR: 100,
      PRESENCE_COMMANDS_PER_MINUTE: 60,
      SUBSCRIPTION_COMMANDS_PER_MINUTE: 30,
      LOOKUP_COMMANDS_PER_MINUTE: 600,
      SETTINGS_COMMANDS_PER_MINUTE: 120,
      MESSAGING_COMMANDS_PER_MINUTE: 1200,
      ADDRESS_LIMIT_FACTOR: 10,
      REDIS_PREFIX: "buddylist:",
      ALLOWED_ORIGINS: [],
      SIGNUPS: "open",
      VAPID_SUBJECT: "mailto:push@buddylist.invalid",
      XMPP_PORT: 5222,
      XMPP_TLS_PORT: 5223,
      XMPP_ALLOW_PLAINTEXT: false,
      ATTACHMENT_MAX_BYTES: 25 * 1024 * 1024,
      ATTACHMENT_QUOTA_BYTES: 1024 * 1024 * 1024,
      ATTACHMENT_UPLOAD_HOURS: 24,
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: false,
    });
  });

  it("takes S3 settings whole: keys in pairs, an endpoint only with a bucket", async () => {
    const dataDir = freshDataDir();
    const base = { DATA_DIR: dataDir, AUTH_SECRET: SECRET };
    const env = (await load({ ...base, S3_BUCKET: "my-files", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true" })).getEnv();
    expect(env).toMatchObject({ S3_BUCKET: "my-files", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: true });
    expect((await loadError({ ...base, S3_BUCKET: "my-files", S3_ACCESS_KEY_ID: "key" })).message).toMatch(/S3_SECRET_ACCESS_KEY/);
    expect((await loadError({ ...base, S3_ENDPOINT: "http://127.0.0.1:9000" })).message).toMatch(/S3_BUCKET/);
    expect((await loadError({ ...base, ATTACHMENT_MAX_BYTES: "0" })).message).toMatch(/ATTACHMENT_MAX_BYTES/);
  });

  it("takes the metrics settings: a token long enough, an address as host:port", async () => {
    const base = { DATA_DIR: freshDataDir(), AUTH_SECRET: SECRET };
    const env = (await load({ ...base, METRICS_TOKEN: "t".repeat(16), METRICS_ADDRESS: "127.0.0.1:9464" })).getEnv();
    expect(env).toMatchObject({ METRICS_TOKEN: "t".repeat(16), METRICS_ADDRESS: "127.0.0.1:9464" });
    expect((await load({ ...base, METRICS_ADDRESS: "[::1]:9464" })).getEnv().METRICS_ADDRESS).toBe("[::1]:9464");
    expect((await loadError({ ...base, METRICS_TOKEN: "short" })).message).toMatch(/METRICS_TOKEN/);
    expect((await loadError({ ...base, METRICS_TOKEN: "a token with spaces in it" })).message).toMatch(/METRICS_TOKEN/);
    expect((await loadError({ ...base, METRICS_ADDRESS: "9464" })).message).toMatch(/METRICS_ADDRESS/);
    expect((await loadError({ ...base, METRICS_ADDRESS: "localhost:70000" })).message).toMatch(/METRICS_ADDRESS/);
  });

  it("resolves a relative DATA_DIR from the working directory", async () => {
    const env = (await load({ DATA_DIR: "some/relative", AUTH_SECRET: SECRET })).getEnv();
    expect(env.DATA_DIR).toBe(path.resolve("some/relative"));
    expect(env.DATABASE_URL).toBe(`file:${path.resolve("some/relative", "buddylist.db")}`);
  });

  it("writes the derived DATABASE_URL and AUTH_SECRET back into process.env", async () => {
    const env = (await load({ AUTH_SECRET: SECRET })).getEnv();
    expect(process.env.DATABASE_URL).toBe(env.DATABASE_URL);
    expect(process.env.AUTH_SECRET).toBe(SECRET);
    expect(process.env.AUTH_TRUST_HOST).toBe("true");
    expect(process.env.NEXT_TELEMETRY_DISABLED).toBe("1");
  });

  it("parses numbers and flags from their text", async () => {
    const env = (
      await load({
        AUTH_SECRET: SECRET,
        NODE_ENV: "production",
        PORT: "8080",
        TRUST_PROXY: "yes",
        PRESENCE_GRACE_MS: "0",
        SESSION_MAX_AGE_DAYS: "7",
        LOG_LEVEL: "silent",
        REDIS_URL: "redis://cache:6379",
        PRESENCE_COMMANDS_PER_MINUTE: "5",
        ADDRESS_LIMIT_FACTOR: "1000",
        HEAP_GROWTH_PERCENT: "0",
      })
    ).getEnv();
    expect(env).toMatchObject({
      NODE_ENV: "production",
      PORT: 8080,
      TRUST_PROXY: true,
      PRESENCE_GRACE_MS: 0,
      SESSION_MAX_AGE_DAYS: 7,
      LOG_LEVEL: "silent",
      REDIS_URL: "redis://cache:6379",
      PRESENCE_COMMANDS_PER_MINUTE: 5,
      ADDRESS_LIMIT_FACTOR: 1000,
      HEAP_GROWTH_PERCENT: 0,
    });
  });

  it.each([
    ["true", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["0", false],
    ["no", false],
  ])("reads TRUST_PROXY=%s as %s", async (value, expected) => {
    expect((await load({ AUTH_SECRET: SECRET, TRUST_PROXY: value })).getEnv().TRUST_PROXY).toBe(expected);
  });

  it("is read once: later changes to process.env are not seen by the same module", async () => {
    const { getEnv } = await load({ AUTH_SECRET: SECRET, PORT: "4000" });
    const first = getEnv();
    process.env.PORT = "5000";
    expect(getEnv()).toBe(first);
    expect(getEnv().PORT).toBe(4000);
  });
});

describe("getEnv refuses bad values, naming the variable", () => {
  it.each(["abc", "70000", "-1", "80.5"])("PORT=%s", async (port) => {
    const error = await loadError({ AUTH_SECRET: SECRET, PORT: port });
    expect(error.message).toMatch(/^Invalid configuration:/);
    expect(error.message).toMatch(/^\s+PORT: /m);
  });

  it.each(["mysql://localhost/db", "./data/buddylist.db", "sqlite:buddylist.db", "http://db"])(
    "DATABASE_URL=%s",
    async (url) => {
      const error = await loadError({ AUTH_SECRET: SECRET, DATABASE_URL: url });
      expect(error.message).toContain("DATABASE_URL: must start with file: or postgresql://");
    },
  );

  it("half a VAPID key pair, or a subject that is not a mailto: or https: URL", async () => {
    const half = await loadError({ AUTH_SECRET: SECRET, VAPID_PUBLIC_KEY: "B".repeat(87) });
    expect(half.message).toContain("VAPID_PRIVATE_KEY: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together, or neither");
    const subject = await loadError({ AUTH_SECRET: SECRET, VAPID_SUBJECT: "admin@example.org" });
    expect(subject.message).toContain("VAPID_SUBJECT: must be a mailto: or https:// URL");
  });

  it("AUTH_SECRET shorter than 32 characters", async () => {
    const error = await loadError({ AUTH_SECRET: "too-short" });
    expect(error.message).toContain("AUTH_SECRET: must be at least 32 characters");
  });

  it("several bad values at once, each on its own line", async () => {
    const error = await loadError({ AUTH_SECRET: SECRET, PORT: "x", LOG_LEVEL: "loud", REDIS_URL: "http://cache" });
    expect(error.message).toMatch(/^\s+PORT: /m);
    expect(error.message).toMatch(/^\s+LOG_LEVEL: /m);
    expect(error.message).toMatch(/^\s+REDIS_URL: must start with redis:\/\//m);
  });

  it.each(["0", "-3", "2.5", "lots"])("a rate limit of %s", async (value) => {
    const error = await loadError({ AUTH_SECRET: SECRET, SIGNUPS_PER_ADDRESS_PER_HOUR: value, MESSAGING_COMMANDS_PER_MINUTE: value });
    expect(error.message).toMatch(/^\s+SIGNUPS_PER_ADDRESS_PER_HOUR: /m);
    expect(error.message).toMatch(/^\s+MESSAGING_COMMANDS_PER_MINUTE: /m);
  });

  it("an unknown TRUST_PROXY word", async () => {
    const error = await loadError({ AUTH_SECRET: SECRET, TRUST_PROXY: "maybe" });
    expect(error.message).toMatch(/^\s+TRUST_PROXY: /m);
  });
});

describe("DATABASE_URL", () => {
  it.each(["file:./data/test.db", "file:/var/lib/buddylist/db.sqlite", "postgresql://u:p@db:5432/buddylist", "postgres://db/buddylist"])(
    "accepts %s as given",
    async (url) => {
      expect((await load({ AUTH_SECRET: SECRET, DATABASE_URL: url })).getEnv().DATABASE_URL).toBe(url);
    },
  );
});

describe("AUTH_SECRET generation", () => {
  it("generates a secret once into DATA_DIR/auth-secret and reuses it on the next start", async () => {
    const dataDir = freshDataDir();
    const file = path.join(dataDir, "auth-secret");

    const first = (await load({ DATA_DIR: dataDir })).getEnv();
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, "utf8").trim()).toBe(first.AUTH_SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(process.env.AUTH_SECRET).toBe(first.AUTH_SECRET);

    // A restart: a new process with the same (unset) configuration.
    const second = (await load({ DATA_DIR: dataDir })).getEnv();
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
  });

  it("gives different data folders different secrets", async () => {
    const a = (await load({ DATA_DIR: freshDataDir() })).getEnv().AUTH_SECRET;
    const b = (await load({ DATA_DIR: freshDataDir() })).getEnv().AUTH_SECRET;
    expect(a).not.toBe(b);
  });

  it("writes no file when AUTH_SECRET is set", async () => {
    const dataDir = freshDataDir();
    (await load({ DATA_DIR: dataDir, AUTH_SECRET: SECRET })).getEnv();
    expect(existsSync(path.join(dataDir, "auth-secret"))).toBe(false);
  });

  it("reads a secret file that already exists", async () => {
    const dataDir = freshDataDir();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "auth-secret"), `${"k".repeat(40)}\n`);
    expect((await load({ DATA_DIR: dataDir })).getEnv().AUTH_SECRET).toBe("k".repeat(40));
  });
});

describe("an empty variable (`FOO=`) means not set", () => {
  it("DATABASE_URL= falls back to the SQLite file in the data folder", async () => {
    const dataDir = freshDataDir();
    const env = (await load({ DATA_DIR: dataDir, AUTH_SECRET: SECRET, DATABASE_URL: "" })).getEnv();
    expect(env.DATABASE_URL).toBe(`file:${path.join(dataDir, "buddylist.db")}`);
  });

  it("AUTH_SECRET= generates and keeps a secret", async () => {
    const dataDir = freshDataDir();
    const env = (await load({ DATA_DIR: dataDir, AUTH_SECRET: "" })).getEnv();
    expect(env.AUTH_SECRET).toBe(readFileSync(path.join(dataDir, "auth-secret"), "utf8").trim());
  });

  it("REDIS_URL= and TRUST_PROXY= are unset", async () => {
    const env = (await load({ AUTH_SECRET: SECRET, REDIS_URL: "", TRUST_PROXY: "" })).getEnv();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.TRUST_PROXY).toBe(false);
  });

  it.each([
    ["PORT", 3000],
    ["PRESENCE_GRACE_MS", 5000],
    ["SESSION_MAX_AGE_DAYS", 30],
    ["IM_SENDS_PER_10_SECONDS", 30],
    ["IM_STRANGER_SENDS_PER_MINUTE", 5],
    ["SIGNUPS_PER_ADDRESS_PER_HOUR", 100],
    ["ADDRESS_LIMIT_FACTOR", 10],
    ["HOST", "0.0.0.0"],
    ["LOG_LEVEL", "info"],
    ["HEAP_GROWTH_PERCENT", 20],
    ["NODE_ENV", "development"],
  ] as const)("%s= gives the default %s", async (name, expected) => {
    const env = await load({ AUTH_SECRET: SECRET, [name]: "" });
    expect(() => env.getEnv(), `${name}= should not be an error`).not.toThrow();
    expect(env.getEnv()[name]).toBe(expected);
  });

  it("DATA_DIR= gives the default ./data", async () => {
    // DATABASE_URL and AUTH_SECRET are given so nothing is written to the real ./data.
    const env = await load({ AUTH_SECRET: SECRET, DATABASE_URL: "file:./x.db", DATA_DIR: "" });
    expect(() => env.getEnv(), "DATA_DIR= should not be an error").not.toThrow();
    expect(env.getEnv().DATA_DIR).toBe(path.resolve("data"));
  });
});

describe("databaseProvider", () => {
  it("selects SQLite for file: URLs and PostgreSQL otherwise", () => {
    expect(databaseProvider("file:./data/buddylist.db")).toBe("sqlite");
    expect(databaseProvider("file:/abs/path.db")).toBe("sqlite");
    expect(databaseProvider("postgresql://u@localhost:5432/db")).toBe("postgresql");
    expect(databaseProvider("postgres://localhost/db")).toBe("postgresql");
  });
});

describe("sqliteFilePath", () => {
  it("strips the file: scheme and any query", () => {
    expect(sqliteFilePath("file:./data/buddylist.db")).toBe("./data/buddylist.db");
    expect(sqliteFilePath("file:/var/lib/buddylist/db.sqlite")).toBe("/var/lib/buddylist/db.sqlite");
    expect(sqliteFilePath("file:./dev.db?connection_limit=1&socket_timeout=10")).toBe("./dev.db");
  });
});
