// Summarises a V8 CPU profile of the server from `npm run bench -- --profile`, cut into the
// bench's phases: where the server's CPU went while clients connected and during the fan-out.
//
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [--server real|bare|messaging] [--results .tmp/bench-results.json] [--top 25]
//
// Phase windows come from the results file (<server>.windowsUs: CLOCK_MONOTONIC µs, which is also
// the clock of the profile's timestamps). Self time is grouped by function and by package
// (node_modules/<name>, a project folder, node internals, GC); inclusive time by function
// follows synchronous stacks only (work resumed after an await starts a new stack).
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const root = path.resolve(import.meta.dirname, "..");

/** Where a frame's code comes from: an npm package, a project folder, node itself, or V8. */
function origin({ url, functionName }: CallFrame): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const file = url.replace(/^file:\/\//, "");
  const packages = file.split("/node_modules/");
  if (packages.length > 1) {
    const [scope, name] = packages.at(-1)!.split("/");
    return scope!.startsWith("@") ? `${scope}/${name}` : scope!;
  }
  const relative = path.relative(root, file);
  return relative.startsWith("..") ? file : path.dirname(relative);
}

const frameName = ({ functionName, url, lineNumber }: CallFrame) =>
  `${functionName || "(anonymous)"} ${url ? `${path.relative(root, url.replace(/^file:\/\//, ""))}:${lineNumber + 1}` : ""}`.trim();

function summarise(profile: CpuProfile, fromUs: number, toUs: number, top: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const byOrigin = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let time = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    time += profile.timeDeltas[index]!;
    // A sample stands for the interval up to the next one.
    const weight = profile.timeDeltas[index + 1] ?? 0;
    if (time < fromUs || time > toUs) return;
    const node = byId.get(nodeId)!;
    if (node.callFrame.functionName === "(idle)") return;
    total += weight;
    const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + weight);
    add(self, frameName(node.callFrame));
    add(byOrigin, origin(node.callFrame));
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
      const name = frameName(byId.get(id)!.callFrame);
      if (!seen.has(name)) add(inclusive, name);
      seen.add(name);
    }
  });

  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n  ${title}`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  console.log(`  busy (not idle) CPU sampled: ${(total / 1000).toFixed(0)} ms over ${((toUs - fromUs) / 1e6).toFixed(1)} s`);
  print("self time by origin", byOrigin);
  print("self time by function", self);
  print("inclusive time by function (synchronous stacks)", inclusive);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { results: { type: "string" }, top: { type: "string" }, server: { type: "string" } },
});
if (positionals.length !== 1) {
  console.error(
    "usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--server real|bare|messaging] [--results .tmp/bench-results.json] [--top 25]",
  );
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0]!, "utf8")) as CpuProfile;
const results = JSON.parse(readFileSync(values.results ?? path.join(root, ".tmp", "bench-results.json"), "utf8")) as Record<
  string,
  { windowsUs: Record<string, [number, number]> } | undefined
>;
const server = values.server ?? "real";
if (!results[server]?.windowsUs) {
  console.error(`no phase windows for "${server}" in the results file (real, bare, messaging)`);
  process.exit(2);
}
const top = Number(values.top ?? 25);
for (const [phase, [fromUs, toUs]] of Object.entries(results[server]!.windowsUs)) {
  console.log(`\n=== ${phase} ===`);
  summarise(profile, fromUs, toUs, top);
}
