// `npm test`: the whole suite, in the order that fails fastest — type check, lint, unit tests,
// a production build, integration tests against real server processes, then end-to-end tests
// in Chromium. Stops at the first failing step and prints how long each step took.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { recordBuild } from "./build-if-needed";
import { ensurePostgres } from "./services";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

type Step = {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  before?: () => void;
  after?: () => void;
};

const steps: Step[] = [
  { name: "type check", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  { name: "lint", command: bin("eslint"), args: ["--max-warnings", "0", "."] },
  { name: "unit tests", command: bin("vitest"), args: ["run", "--project", "unit"] },
  { name: "build", command: bin("next"), args: ["build"], env: { NODE_ENV: "production" }, after: recordBuild },
  { name: "integration tests", command: bin("vitest"), args: ["run", "--project", "integration"] },
  {
    name: "integration tests (PostgreSQL)",
    command: bin("vitest"),
    args: ["run", "--project", "integration"],
    env: { TEST_DATABASE: "postgres" },
    before: ensurePostgres,
  },
  { name: "end-to-end tests", command: bin("playwright"), args: ["test"] },
];

const only = process.argv.slice(2);
const timings: string[] = [];
for (const step of steps) {
  if (only.length > 0 && !only.some((word) => step.name.startsWith(word))) continue;
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  step.before?.();
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...step.env },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${step.name.padEnd(32)} ${seconds.padStart(6)} s  ${result.status === 0 ? "ok" : "FAILED"}`);
  if (result.status !== 0) {
    console.error(`\n✗ ${step.name} failed\n${timings.join("\n")}`);
    process.exit(result.status ?? 1);
  }
  step.after?.();
}
console.log(`\n✓ all steps passed\n${timings.join("\n")}`);
