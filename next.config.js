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
    "web-push",
  ],
  // `npm run typecheck` (part of `npm test`) checks the whole project, tests included; the
  // build need not do it again, which also keeps the first `npm start` quick.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Page requests carry at most a sign-in or sign-up form; server.ts refuses larger declared
    // bodies, these bound what Next.js reads of an undeclared (chunked) one.
    proxyClientMaxBodySize: 64 * 1024,
    serverActions: { bodySizeLimit: 64 * 1024 },
  },
  // The API's JSON runs nothing and is framed by nobody. Pages get their headers, with a
  // per-response nonce, from proxy.ts (lib/http/security-headers.ts).
  async headers() {
    return [
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
      {
        // Attachments are other people's bytes: whatever a browser makes of one, it runs in a
        // sandbox with no access to this origin (the last matching entry wins).
        source: "/api/attachments/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; sandbox; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
