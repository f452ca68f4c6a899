import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// The layers' import rules (docs/architecture.md): transport (server.ts, app/, lib/realtime,
// lib/http, lib/auth) → services (lib/presence, lib/im, lib/accounts, lib/admin) → storage
// (lib/db); the browser (components/, lib/client) → lib/protocol, a leaf everyone uses.
const SERVICES = ["presence", "im", "accounts", "admin"];
/** Server-only code besides the services: transport, wiring, configuration, clustering. */
const SERVER = ["realtime", "http", "auth", "services", "cluster", "metrics", "env", "log", "singleton"];
/** `@/lib/<folder>` and anything under it. */
const folders = (names) => names.flatMap((name) => [`@/lib/${name}`, `@/lib/${name}/*`]);
const browserCode = {
  group: [...folders([...SERVICES, "db", ...SERVER]), "@/server", "@/app/api/*"],
  message:
    "The browser side (components, hooks, lib/client) talks to the server through lib/protocol (socket commands, REST types) and server actions, never through a service, storage or transport module.",
};
const restrictedImports = (...patterns) => ["error", { patterns }];

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", ".next-*/**", "lib/db/generated/**", "node_modules/**", "data/**", ".tmp/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    // The protocol is a leaf: client and server both import it, so it imports nothing of theirs.
    files: ["lib/protocol/**"],
    ignores: ["lib/protocol/**/*.test.ts"],
    rules: {
      "no-restricted-imports": restrictedImports({
        regex: "^(?!zod$|zod/|\\./|@/lib/protocol(/|$))",
        message: "lib/protocol imports only itself and zod: move the pure rule it needs into lib/protocol.",
      }),
    },
  },
  {
    files: ["lib/client/**", "components/**"],
    rules: { "no-restricted-imports": restrictedImports(browserCode) },
  },
  {
    // Services know neither the transport that calls them nor the browser.
    files: SERVICES.map((name) => `lib/${name}/**`),
    rules: {
      "no-restricted-imports": restrictedImports({
        group: [...folders(["realtime", "http", "auth", "services", "client"]), "@/app/*", "@/components/*", "@/server"],
        message: "Services are called by the transport (lib/realtime, lib/http, app/): they import neither it nor the browser code.",
      }),
    },
  },
  {
    // Storage serves the services: it imports none of them, nor anything above.
    files: ["lib/db/**"],
    rules: {
      "no-restricted-imports": restrictedImports({
        group: [...folders([...SERVICES, "realtime", "http", "auth", "services", "client"]), "@/app/*", "@/components/*", "@/server"],
        message: "lib/db serves the services and imports none of them: move a pure rule it needs down (or into lib/protocol).",
      }),
    },
  },
  {
    // The client's test fixtures (lib/client/testing) are for tests only, never shipped.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["**/*.test.ts", "lib/client/testing/**", "tests/**", "e2e/**"],
    rules: {
      "import/no-restricted-paths": ["error", { zones: [{ target: ".", from: "./lib/client/testing", message: "Test fixtures are for tests only." }] }],
    },
  },
  {
    // Command-line scripts, tests and benchmarks talk to a terminal.
    files: ["scripts/**", "bench/**", "tests/**", "e2e/**", "examples/**", "**/*.test.ts"],
    rules: { "no-console": "off" },
  },
];

export default config;
