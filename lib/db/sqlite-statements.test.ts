import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { reuseStatements } from "./sqlite-statements";

/** An in-memory database whose prepare() counts compilations, then reuses statements. */
function database(capacity?: number) {
  const db = new Database(":memory:");
  db.defaultSafeIntegers(true);
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  const compiled: string[] = [];
  const compile = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    compiled.push(sql);
    return compile(sql);
  }) as typeof db.prepare;
  reuseStatements(db, capacity);
  // The calls Prisma's adapter makes, typed as it sees them.
  const prepare = db.prepare as unknown as (sql: string) => {
    run(): { changes: number };
    bind(args: unknown[]): { reader: boolean; run(): { changes: number }; columns(): { name: string }[]; raw(): { all(): unknown[][] } };
  };
  return { db, compiled, prepare };
}

describe("reuseStatements", () => {
  it("compiles a statement once and runs it with each call's own parameters", () => {
    const { compiled, prepare } = database();
    const insert = "INSERT INTO t (name) VALUES (?)";
    expect(prepare(insert).bind(["a"]).run().changes).toBe(1);
    expect(prepare(insert).bind(["b"]).run().changes).toBe(1);
    const select = "SELECT id, name FROM t WHERE name = ?";
    const first = prepare(select).bind(["a"]);
    expect(first.reader).toBe(true);
    expect(first.columns().map((column) => column.name)).toEqual(["id", "name"]);
    expect(first.raw().all()).toEqual([[1n, "a"]]);
    expect(prepare(select).bind(["b"]).raw().all()).toEqual([[2n, "b"]]);
    expect(compiled.filter((sql) => sql === insert)).toHaveLength(1);
    expect(compiled.filter((sql) => sql === select)).toHaveLength(1);
  });

  it("runs statements without parameters (transactions) and keeps their effect", () => {
    const { db, prepare } = database();
    prepare("BEGIN").run();
    prepare("INSERT INTO t (name) VALUES (?)").bind(["rolled back"]).run();
    prepare("ROLLBACK").run();
    prepare("BEGIN").run();
    prepare("INSERT INTO t (name) VALUES (?)").bind(["kept"]).run();
    prepare("COMMIT").run();
    expect(db.prepare("SELECT name FROM t").raw().all()).toEqual([["kept"]]);
  });

  it("drops the least recently used statement past its capacity", () => {
    const { compiled, prepare } = database(2);
    const a = "SELECT 1";
    const b = "SELECT 2";
    const c = "SELECT 3";
    prepare(a).bind([]).raw().all();
    prepare(b).bind([]).raw().all();
    prepare(a).bind([]).raw().all(); // a is now the most recent
    prepare(c).bind([]).raw().all(); // drops b
    prepare(a).bind([]).raw().all();
    prepare(b).bind([]).raw().all();
    expect(compiled).toEqual([a, b, c, b]);
  });
});
