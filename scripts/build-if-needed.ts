// Builds the Next.js app when there is no build of the current sources: a fingerprint of
// the files that go into it is kept beside the build.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const BUILD_INPUTS = ["app", "components", "lib", "public", "next.config.js", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["generated", "node_modules"]);
const fingerprintFile = path.join(root, ".next", "buddylist-build-fingerprint");

function* files(entry: string): Generator<string> {
  if (!existsSync(entry)) return;
  if (statSync(entry).isFile()) {
    yield entry;
    return;
  }
  for (const name of readdirSync(entry).sort()) {
    if (!SKIP.has(name)) yield* files(path.join(entry, name));
  }
}

function sourceFingerprint(): string {
  const hash = createHash("sha256");
  for (const input of BUILD_INPUTS) {
    for (const file of files(path.join(root, input))) {
      hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export function ensureBuild() {
  const fingerprint = sourceFingerprint();
  const current =
    existsSync(path.join(root, ".next", "BUILD_ID")) &&
    existsSync(fingerprintFile) &&
    readFileSync(fingerprintFile, "utf8") === fingerprint;
  if (current) return;
  console.log("Building the app (first start, or the sources changed)…");
  execFileSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  writeFileSync(fingerprintFile, fingerprint);
}

/** After a build made elsewhere (`npm test`), so that the next `npm start` does not build again. */
export function recordBuild() {
  writeFileSync(fingerprintFile, sourceFingerprint());
}

