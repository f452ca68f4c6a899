// @ts-check
/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A second build folder lets a build run beside a server (or a test run) using the first.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // Native and Node-only packages stay outside the bundles; server.ts loads the same copies.
  serverExternalPackages: [
    "@node-rs/argon2",
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "rate-limiter-flexible",
  ],
  // `npm run typecheck` (part of `npm test`) checks the whole project, tests included; the
  // build need not do it again, which also keeps the first `npm start` quick.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
