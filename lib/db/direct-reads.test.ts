import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, prepareDatabase } from "./client";
import { readArrays, readRows, readRowsUnsafe } from "./direct-reads";
import { Prisma } from "./generated/sqlite/client";
import { applyMigrations } from "./migrate";
import { rawBoolean, rawDate } from "./raw-values";

const dir = path.resolve(import.meta.dirname, "../../.tmp", `direct-reads-${randomBytes(4).toString("hex")}`);
const url = `file:${path.join(dir, "test.db")}`;
let db: Db;
const now = new Date("2030-01-01T12:00:00.000Z");

type Row = { id: string; expiresAt: Date | string; isAdmin: unknown };
const normalised = (rows: Row[]) => rows.map((row) => ({ id: row.id, expiresAt: rawDate(row.expiresAt).toISOString(), isAdmin: rawBoolean(row.isAdmin) }));
const query = (at: Date, admin: boolean) => Prisma.sql`
  SELECT s."id" AS "id", s."expiresAt" AS "expiresAt", u."isAdmin" AS "isAdmin"
  FROM "Session" s JOIN "User" u ON u."id" = s."userId"
  WHERE s."expiresAt" > ${at} AND u."isAdmin" = ${admin} ORDER BY s."id"`;

beforeAll(async () => {
  await applyMigrations(url);
  db = createDb(url);
  await prepareDatabase(db, url);
  await db.user.create({ data: { id: "u1", username: "alice", displayName: "Alice", passwordHash: "x", isAdmin: true } });
  await db.user.create({ data: { id: "u2", username: "bob", displayName: "Bob", passwordHash: "x" } });
  await db.session.createMany({
    data: [
      { id: "s-live", userId: "u1", expiresAt: new Date(now.getTime() + 1) },
      { id: "s-expired", userId: "u1", expiresAt: new Date(now.getTime() - 1) },
      { id: "s-at-now", userId: "u1", expiresAt: now },
      { id: "s-bob", userId: "u2", expiresAt: new Date(now.getTime() + 60_000) },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe("direct reads on SQLite", () => {
  it("finds the rows Prisma's $queryRaw finds, with dates and booleans bound the way Prisma stores them", async () => {
    for (const admin of [true, false]) {
      const direct = await readRows<Row>(db, query(now, admin));
      const prisma = await db.$queryRaw<Row[]>(query(now, admin));
      expect(normalised(direct)).toEqual(normalised(prisma));
    }
    // Straight from SQLite, not through Prisma: values as stored.
    const [live] = await readRows<Row>(db, query(now, true));
    expect(live).toEqual({ id: "s-live", expiresAt: "2030-01-01T12:00:00.001+00:00", isAdmin: 1 });
    // A session that ends at the very moment asked is over: the comparison is on instants, to the millisecond.
    expect((await readRows<Row>(db, query(now, true))).map((row) => row.id)).toEqual(["s-live"]);
    expect((await readRows<Row>(db, query(now, false))).map((row) => row.id)).toEqual(["s-bob"]);
  });

  it("reads what was written a moment before, on the same connection", async () => {
    await db.session.update({ where: { id: "s-expired" }, data: { expiresAt: new Date(now.getTime() + 5) } });
    expect((await readRows<Row>(db, query(now, true))).map((row) => row.id)).toEqual(["s-expired", "s-live"]);
    await db.session.update({ where: { id: "s-expired" }, data: { expiresAt: new Date(now.getTime() - 1) } });
  });

  it("runs queries with their own placeholders", async () => {
    const rows = await readRowsUnsafe<{ id: string }>(db, `SELECT "id" FROM "User" WHERE "username" IN (?, ?) ORDER BY "id"`, "bob", "nobody");
    expect(rows).toEqual([{ id: "u2" }]);
  });

  it("reads rows as arrays in column order, the same values as by name", async () => {
    for (const admin of [true, false]) {
      const byName = await readRows<Row>(db, query(now, admin));
      const arrays = await readArrays<[string, string, unknown]>(db, query(now, admin));
      expect(arrays).toEqual(byName.map((row) => [row.id, row.expiresAt, row.isAdmin]));
    }
    // The same kept statement answers by name again afterwards.
    expect(await readRows<Row>(db, query(now, true))).toEqual([{ id: "s-live", expiresAt: "2030-01-01T12:00:00.001+00:00", isAdmin: 1 }]);
    // Integers as Prisma gives them: numbers where they fit.
    expect(await readArrays(db, Prisma.sql`SELECT 9007199254740991 AS "a", 9007199254740993 AS "b"`)).toEqual([[9007199254740991, "9007199254740993"]]);
  });

  it("falls back to Prisma before the database was opened", async () => {
    const fresh = createDb(url);
    try {
      const rows = await readRows<Row>(fresh, query(now, false));
      expect(rows.map((row) => row.id)).toEqual(["s-bob"]);
      expect((await readArrays<[string]>(fresh, query(now, false))).map((row) => row[0])).toEqual(["s-bob"]);
    } finally {
      await fresh.$disconnect();
    }
  });
});
