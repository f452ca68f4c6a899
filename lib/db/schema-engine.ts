// Prisma's schema engine (migrations, diffs) as WebAssembly, usable offline: the Prisma CLI
// would download a native engine, which these machines cannot. The engine talks to the
// database through the same driver adapters as the app, with workarounds for the gaps found
// in the 7.10 builds (see /work/shared/notes/offline-toolchain.md, "Prisma 7.10").
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { databaseProvider, sqliteFilePath } from "../env";

export type { MigrationList, SchemaEngine };

/** A Prisma schema file, as the engine wants it: a name for messages plus the text. */
export interface SchemaFile {
  path: string;
  content: string;
}

// --- Engine timers --------------------------------------------------------------------------
// The engine arms 10 s timeouts (via the `setTimeout` import of the WebAssembly module) and
// never clears them, so a process that ran a migration would linger 10 s before exiting, and
// the server's graceful shutdown would wait for them. We route that one import through
// `engineSetTimeout`: while an engine call is running its timers keep the process alive as
// usual (the engine may really be waiting on one); once no call is running they are unref'd,
// so they can never delay an exit. Only the engine's timers are touched, never the app's.

const pendingTimers = new Set<NodeJS.Timeout>();
let runningCalls = 0;

function engineSetTimeout(callback: () => void, delay: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    pendingTimers.delete(timer);
    callback();
  }, delay >>> 0); // as the glue does: the delay arrives as a signed 32-bit integer
  if (runningCalls === 0) timer.unref();
  else pendingTimers.add(timer);
  return timer;
}

function releaseTimersWhenIdle(): void {
  if (runningCalls > 0) return;
  for (const timer of pendingTimers) timer.unref();
  pendingTimers.clear();
}

// --- Loading the WebAssembly -------------------------------------------------------------------
// The package's entry imports the .wasm file as an ES module, which Node refuses, so we
// instantiate it ourselves against the package's JS glue (`schema_engine_bg`). The glue keeps
// the instance (and views of its memory) in module variables, so there is one instance per
// process, created once: kept on globalThis, as this file can be loaded twice in one process
// (the end-to-end server migrates through the sources, then runs the server bundle).

const glueModule = "./schema_engine_bg.js";
const ENGINE = Symbol.for("buddylist.schemaEngine");
const shared = globalThis as { [ENGINE]?: Promise<typeof engineBindings> };

async function instantiateEngine(): Promise<typeof engineBindings> {
  const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const compiled = await WebAssembly.compile(await readFile(gluePath.replace(/\.js$/, ".wasm")));
  const imports: Record<string, unknown> = { ...engineBindings };
  for (const { module, name } of WebAssembly.Module.imports(compiled)) {
    if (module === glueModule && name.startsWith("__wbg_setTimeout_")) imports[name] = engineSetTimeout;
  }
  const instance = await WebAssembly.instantiate(compiled, {
    [glueModule]: imports as WebAssembly.ModuleImports,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  return engineBindings;
}

function loadEngine(): Promise<typeof engineBindings> {
  shared[ENGINE] ??= instantiateEngine().catch((error: unknown) => {
    shared[ENGINE] = undefined; // let a later call retry instead of caching the failure
    throw error;
  });
  return shared[ENGINE];
}

// --- Adapters ---------------------------------------------------------------------------------

/** Adapters the engine opened, so we can close them even when the engine does not. */
class OpenAdapters {
  readonly #disposers: (() => Promise<void>)[] = [];

  /** Makes `dispose` idempotent and remembers it. */
  track(adapter: SqlDriverAdapter): SqlDriverAdapter {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => (disposed ??= dispose());
    this.#disposers.push(adapter.dispose);
    return adapter;
  }

  async disposeAll(): Promise<void> {
    const results = await Promise.allSettled(this.#disposers.map((dispose) => dispose()));
    const failure = results.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
  }
}

/**
 * The engine replays migration.sql files through `executeRaw` with no arguments, but
 * better-sqlite3 prepares one statement at a time and rejects multi-statement strings.
 * Argument-less SQL needs no preparation, so run it as a script instead.
 */
function runArgumentlessSqlAsScript(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  return adapter;
}

function sqliteFactory(url: string, open: OpenAdapters): SqlMigrationAwareDriverAdapterFactory {
  const file = sqliteFilePath(url);
  const factory = new PrismaBetterSqlite3({ url: file });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = open.track(runArgumentlessSqlAsScript(await factory.connect()));
      // The app runs in WAL mode; the mode is stored in the file, so set it when we create it.
      if (file !== ":memory:") await adapter.executeScript("PRAGMA journal_mode = WAL");
      return adapter;
    },
    async connectToShadowDb() {
      return open.track(runArgumentlessSqlAsScript(await factory.connectToShadowDb()));
    },
  };
}

/**
 * A pg client that reports `"char"` columns (OID 18) as text (OID 25). The engine's catalog
 * queries return such columns and adapter-pg rejects them ("Column type 'char' could not be
 * deserialized"). We rewrite the row description on the engine's own connections only, just
 * before pg hands it to the query's Result, rather than patching `Result.prototype.addFields`
 * for a while: a global patch would also change the app's queries if the same process (the
 * server) queries while migrations run, whereas this cannot leak out of the engine's pools.
 */
class CharAsTextClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    this.connection.prependListener("rowDescription", (message: { fields: { dataTypeID: number }[] }) => {
      for (const field of message.fields) if (field.dataTypeID === 18) field.dataTypeID = 25;
    });
  }
}

/** The client class adapter-pg's pool settings accept. adapter-pg bundles a newer @types/pg
 * than ours (its ClientBase declares more members), though both describe the one installed pg. */
type AdapterClientClass = NonNullable<Extract<ConstructorParameters<typeof PrismaPg>[0], { Client?: unknown }>["Client"]>;

/** An adapter factory whose pools use `CharAsTextClient`. */
function enginePgFactory(fields: pg.ClientConfig): PrismaPg {
  return new PrismaPg({ ...fields, Client: CharAsTextClient as unknown as AdapterClientClass });
}

/**
 * Connection settings as discrete fields. With `connectionString`, pg lets the string win
 * over `database`, so the adapter's shadow connection would go to the main database.
 * (URL query parameters such as sslmode are not used by this app's deployments.)
 */
function pgConnectionFields(url: string): pg.ClientConfig {
  const parsed = new URL(url);
  return {
    host: decodeURIComponent(parsed.hostname).replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    database: decodeURIComponent(parsed.pathname.slice(1)) || undefined,
  };
}

async function runAdminStatement(fields: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(fields);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Our own shadow database: adapter-pg's drops the database before closing its pool, which
 * fails ("is being accessed by other users") and leaves the database behind.
 */
async function connectPgShadow(fields: pg.ClientConfig): Promise<SqlDriverAdapter> {
  const name = `buddylist_shadow_${randomBytes(8).toString("hex")}`;
  await runAdminStatement(fields, `CREATE DATABASE "${name}"`);
  const adapter = await enginePgFactory({ ...fields, database: name }).connect();
  const closePool = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await closePool();
    await runAdminStatement(fields, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
  return adapter;
}

function pgFactory(url: string, open: OpenAdapters): SqlMigrationAwareDriverAdapterFactory {
  const fields = pgConnectionFields(url);
  const factory = enginePgFactory(fields);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => open.track(await factory.connect()),
    connectToShadowDb: async () => open.track(await connectPgShadow(fields)),
  };
}

// --- Public API -------------------------------------------------------------------------------

/**
 * Runs `work` with a schema engine connected to `databaseUrl` (file: for SQLite, postgresql://
 * otherwise) and loaded with `schema`. Shadow databases are created on demand: in memory for
 * SQLite, on the same server for PostgreSQL. Every connection and shadow database is closed
 * or dropped before this resolves, and the engine leaves nothing that keeps the process alive.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: SchemaFile,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngine();
  const open = new OpenAdapters();
  const factory =
    databaseProvider(databaseUrl) === "sqlite" ? sqliteFactory(databaseUrl, open) : pgFactory(databaseUrl, open);
  runningCalls++;
  try {
    const engine = await SchemaEngine.new(
      { datamodels: [[schema.path, schema.content]] },
      () => {}, // the engine's trace log; failures arrive as rejected promises instead
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  } finally {
    runningCalls--;
    try {
      await open.disposeAll();
    } finally {
      releaseTimersWhenIdle();
    }
  }
}
