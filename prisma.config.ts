// Prisma CLI configuration for the default provider (SQLite). The PostgreSQL twin is
// prisma/pg/prisma.config.ts. Migrations are applied by our own runner (lib/db/migrate.ts),
// which uses Prisma's WebAssembly schema engine, so the CLI never needs its native engine.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
