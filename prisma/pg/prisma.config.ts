// Prisma CLI configuration for PostgreSQL (selected by DATABASE_URL=postgresql://…).
// prisma/pg/schema.prisma is generated from prisma/schema.prisma; the migrations here are
// authored by `npm run db:migration` alongside the SQLite ones.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
});
