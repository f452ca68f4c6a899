// `npm run test:model -- --runs N`: the model-based privacy test (issue 13) with as many random
// sequences as asked, against a production build (`npm run build` first).
//   --runs N        sequences (default 100)
//   --seed S        replay a printed seed (with --path P for the exact failing case)
//   --steps N       longest sequence (default 30)
//   --postgres      two instances on PostgreSQL + Redis instead of one server on SQLite
//   --unit          the in-process variant (real services and sockets, no build needed)
//   --lanes N       sequences run at a time, each lane on its own seed (the in-process default: 4)
//   --skip kinds    leave kinds of checks out (version,view,held,notify,missing,answer,list,privacy,receipt,inbox)
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensurePostgres } from "./services";

const root = path.resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "100" },
    seed: { type: "string" },
    path: { type: "string" },
    steps: { type: "string" },
    postgres: { type: "boolean", default: false },
    unit: { type: "boolean", default: false },
    lanes: { type: "string" },
    skip: { type: "string" },
    "shrink-ms": { type: "string" },
  },
});

const env: Record<string, string> = { MODEL_RUNS: values.runs! };
if (values.seed) env.MODEL_SEED = values.seed;
if (values.path) env.MODEL_PATH = values.path;
if (values.steps) env.MODEL_STEPS = values.steps;
if (values.lanes) env.MODEL_LANES = values.lanes;
if (values.skip) env.MODEL_SKIP = values.skip;
if (values["shrink-ms"]) env.MODEL_SHRINK_MS = values["shrink-ms"];
if (values.postgres) {
  env.TEST_DATABASE = "postgres";
  ensurePostgres();
}
const file = values.unit ? "tests/model/privacy-model.test.ts" : "tests/integration/privacy-model.test.ts";
const project = values.unit ? "unit" : "integration";
const result = spawnSync(path.join(root, "node_modules", ".bin", "vitest"), ["run", "--project", project, file], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
});
process.exit(result.status ?? 1);
