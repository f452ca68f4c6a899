// Every setting of the server, read and validated once. A bad value stops the start with a
// message that names the variable. Defaults make a fresh clone run with no configuration:
// data lives in ./data (git-ignored), a missing AUTH_SECRET is generated once and kept there.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";


const opt = <T extends z.ZodType>(schema: T) => schema.optional();

/** A rate limit: how many per period, at least one. */
const perPeriod = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

/** Old-generation growth between full collections, in percent (lib/process/heap-growth.ts); 0: V8's own (up to 300). */
export const heapGrowthPercentSchema = z.coerce.number().int().min(0).max(300).default(20);

const serverSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("data"),
  DATABASE_URL: opt(
    z
      .string()
      .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), "must start with file: or postgresql://"),
  ),
  AUTH_SECRET: opt(z.string().min(32, "must be at least 32 characters")),
  REDIS_URL: opt(z.string().refine((url) => /^rediss?:\/\//.test(url), "must start with redis://")),
  /** Prefix of every Redis key and channel, so several services can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, "letters, digits and : _ . - only").default("buddylist:"),
  /** This instance's name in a cluster (default: host name, process id and a random part). */
  INSTANCE_ID: opt(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "letters, digits and _ . - only")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  HEAP_GROWTH_PERCENT: heapGrowthPercentSchema,
  /** Behind one reverse proxy, take the client address from X-Forwarded-For (the entry it appended). */
  TRUST_PROXY: opt(booleanFlag).transform((value) => value ?? false),
  /** Other origins whose pages may open sockets here (comma-separated), e.g. a separate front end. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((origin) => origin.trim()).filter(Boolean)),
  /** How long a disconnected device stays `open` before its tuple closes (page reloads). */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** Changes of one presentity closer together than this reach watchers as one notification. */
  PRESENCE_COALESCE_MS: z.coerce.number().int().min(0).max(10_000).default(100),
  /** Who may create an account: anyone, people with an invitation link, or nobody. */
  SIGNUPS: z.enum(["open", "invite", "closed"]).default("open"),
  SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Rate limits on instant messages: any sender, per 10 seconds… */
  IM_SENDS_PER_10_SECONDS: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** …and a stranger (not a contact, no accepted conversation), per minute to one inbox. */
  IM_STRANGER_SENDS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(5),
  /** Sign-up attempts one client address (an IPv6 /64) may make per hour: a household never meets it. */
  SIGNUPS_PER_ADDRESS_PER_HOUR: perPeriod(100),
  /** Socket commands one account may send per minute, per class (lib/realtime/command-classes.ts). */
  PRESENCE_COMMANDS_PER_MINUTE: perPeriod(60),
  SUBSCRIPTION_COMMANDS_PER_MINUTE: perPeriod(30),
  LOOKUP_COMMANDS_PER_MINUTE: perPeriod(600),
  SETTINGS_COMMANDS_PER_MINUTE: perPeriod(120),
  MESSAGING_COMMANDS_PER_MINUTE: perPeriod(1200),
  /** One client address may send this many accounts' worth of commands (people behind one NAT). */
  ADDRESS_LIMIT_FACTOR: perPeriod(10),
  /** Web Push (RFC 8292): the server's key pair, base64url; generated once into DATA_DIR unless both are set. */
  VAPID_PUBLIC_KEY: opt(z.string().regex(/^[A-Za-z0-9_-]{80,100}$/, "must be a base64url P-256 public key")),
  VAPID_PRIVATE_KEY: opt(z.string().regex(/^[A-Za-z0-9_-]{40,50}$/, "must be a base64url P-256 private key")),
  /** Who runs this server, for push services to reach (a mailto: or https: URL). */
  VAPID_SUBJECT: z.string().regex(/^(mailto:|https:\/\/)\S+$/, "must be a mailto: or https:// URL").default("mailto:push@buddylist.invalid"),
  /** Largest attachment, in bytes (default 25 MB); refused before the upload starts. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1).max(2_000_000_000).default(25 * 1024 * 1024),
  /** What one account's attachments may take in all, in bytes (default 1 GB). */
  ATTACHMENT_QUOTA_BYTES: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(1024 * 1024 * 1024),
  /** How long an upload may stay unsent before it is collected. */
  ATTACHMENT_UPLOAD_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** Attachments in an S3-compatible bucket instead of DATA_DIR/attachments. */
  S3_BUCKET: opt(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be a valid bucket name")),
  /** The service's URL for anything but AWS itself (MinIO, Garage, R2, …). */
  S3_ENDPOINT: opt(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: opt(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: opt(z.string().min(1)),
  /** Address the bucket in the path (most self-hosted S3-compatible servers need it). */
  S3_FORCE_PATH_STYLE: opt(booleanFlag).transform((value) => value ?? false),
  /** Prefix of every object key, so a bucket can be shared. */
  S3_PREFIX: opt(z.string().regex(/^[A-Za-z0-9/_.-]{1,128}$/, "letters, digits and / _ . - only")),
  /** `GET /metrics` (Prometheus) answers only with `Authorization: Bearer <this>`; off unless this or METRICS_ADDRESS is set. */
  METRICS_TOKEN: opt(z.string().min(16, "must be at least 16 characters").regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces")),
  /** Serve `/metrics` on this host:port only (e.g. 127.0.0.1:9464), not on the main port. */
  METRICS_ADDRESS: opt(
    z
      .string()
      .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "must be host:port, e.g. 127.0.0.1:9464")
      .refine((value) => Number(value.slice(value.lastIndexOf(":") + 1)) <= 65535, "the port must be at most 65535"),
  ),
  /** XMPP client connections (RFC 6120) with STARTTLS: a port, or `off`. */
  XMPP_PORT: z
    .union([z.literal("off"), z.coerce.number().int().min(0).max(65535)])
    .default(5222),
  /** XMPP over direct TLS (XEP-0368): a port, or `off`. */
  XMPP_TLS_PORT: z
    .union([z.literal("off"), z.coerce.number().int().min(0).max(65535)])
    .default(5223),
  /** The XMPP domain (addresses are `alice@<domain>`); default: AUTH_URL's host name, else `localhost`. */
  XMPP_DOMAIN: opt(z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, "must be a lower-case host name")),
  /** The public URL of the app (Auth.js' own setting); its host name is the XMPP domain by default. */
  AUTH_URL: opt(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })),
  /** PEM files of the XMPP certificate and key; a self-signed pair is generated into DATA_DIR without them. */
  XMPP_TLS_CERT: opt(z.string().min(1)),
  XMPP_TLS_KEY: opt(z.string().min(1)),
  /** Allow SASL without TLS from loopback addresses (benchmarks, tests). */
  XMPP_ALLOW_PLAINTEXT: opt(booleanFlag).transform((value) => value ?? false),
});

export type ServerEnv = z.infer<typeof serverSchema> & { DATABASE_URL: string; AUTH_SECRET: string };

export class EnvError extends Error {}

// A key pair is set whole or not at all: half of one cannot sign.
const serverSchemaChecked = serverSchema
  .refine((env) => (env.VAPID_PUBLIC_KEY === undefined) === (env.VAPID_PRIVATE_KEY === undefined), {
    path: ["VAPID_PRIVATE_KEY"],
    message: "set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together, or neither",
  })
  .refine((env) => (env.S3_ACCESS_KEY_ID === undefined) === (env.S3_SECRET_ACCESS_KEY === undefined), {
    path: ["S3_SECRET_ACCESS_KEY"],
    message: "set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY together, or neither",
  })
  .refine((env) => (env.XMPP_TLS_CERT === undefined) === (env.XMPP_TLS_KEY === undefined), {
    path: ["XMPP_TLS_KEY"],
    message: "set XMPP_TLS_CERT and XMPP_TLS_KEY together, or neither",
  })
  .refine((env) => env.S3_BUCKET !== undefined || env.S3_ENDPOINT === undefined, {
    path: ["S3_BUCKET"],
    message: "S3_ENDPOINT is set: set S3_BUCKET too",
  });

function parse(source: NodeJS.ProcessEnv): z.infer<typeof serverSchema> {
  // `FOO=` in a shell or .env file means "not set": the default applies.
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = serverSchemaChecked.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "(env)"}: ${issue.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

/** Reads the secret kept in the data folder, creating it on first start. */
function persistedAuthSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

let cached: ServerEnv | undefined;

/**
 * The validated settings. The first call also writes the derived defaults (DATABASE_URL,
 * AUTH_SECRET) back into process.env, so Next.js' bundles in the same process and child
 * processes see the same values.
 */
export function getEnv(): ServerEnv {
  if (cached) return cached;
  const parsed = parse(process.env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const databaseUrl = parsed.DATABASE_URL ?? `file:${path.join(dataDir, "buddylist.db")}`;
  const authSecret = parsed.AUTH_SECRET ?? persistedAuthSecret(dataDir);
  process.env.DATABASE_URL = databaseUrl;
  process.env.AUTH_SECRET = authSecret;
  // Auth.js refuses requests whose host it does not know unless told to trust it; a
  // self-hosted server answers on whatever name its operator gave it.
  process.env.AUTH_TRUST_HOST ??= "true";
  // A self-hosted server does not report usage to anyone.
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  cached = { ...parsed, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret };
  return cached;
}

/** The database provider a URL selects. */
export function databaseProvider(url: string): "sqlite" | "postgresql" {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** Path of the SQLite file a `file:` URL names (relative paths resolve from the cwd). */
export function sqliteFilePath(url: string): string {
  return url.replace(/^file:/, "").replace(/\?.*$/, "");
}
