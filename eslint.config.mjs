import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

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
