// `npm run bench`: the real server under load, one scenario after the other, never overlapping.
//
//   presence   fan-out of status changes on a ring of contacts, against a bare socket.io floor
//              (bench/presence.ts)
//   messaging  pairs of contacts exchanging instant messages at an offered rate, persisted; the
//              first history page and a search with --stored messages (bench/messaging.ts)
//   instances  fan-out and messages with 1, 2, 3 instances on PostgreSQL + Redis beside one on
//              SQLite; Redis commands and database writes per change and per message
//              (bench/instances.ts)
//   groups     a group of 50 mutual contacts receiving 100 messages/s, and one message a second
//              to a 1 000-member group (bench/groups.ts)
//   xmpp       the XMPP endpoint against Prosody (stock and tuned GC) with the peer benchmark's
//              own generator, ../shared/peers/prosody/bench.mjs (bench/xmpp.ts)
//
// The clients live in forked generator processes (bench/load-clients.ts); this process only
// coordinates, measures the servers' /proc figures, and does the arithmetic. Prints a table per
// scenario; writes .tmp/bench-results.json.
//
//   npm run bench -- --scenario presence --clients 200      a quick run
//   npm run bench -- --scenario messaging --profile         + CPU profile of the server (.cpuprofile)
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { abort, ensureBuild, NOISY_SHARE, root, setPhase, sourceVersion, waitForQuiet } from "./common";
import { runGroupsScenario } from "./groups";
import { runInstancesScenario } from "./instances";
import { runMessagingScenario } from "./messaging";
import { parseOptions, type Scenario } from "./options";
import { runPresenceScenario } from "./presence";
import { runXmppScenario } from "./xmpp";

async function main() {
  const options = parseOptions();
  ensureBuild();
  process.on("SIGINT", () => abort("interrupted"));
  // Whatever goes wrong, the servers, generators and redis-server started here go with us.
  process.on("uncaughtException", (error) => abort(error.stack ?? error.message));
  const busy = await waitForQuiet(options.quietWaitSeconds);
  if (busy > NOISY_SHARE) console.log(`warning: other processes use ${(100 * busy).toFixed(0)}% of the machine; figures may be disturbed`);

  const workDir = path.join(root, ".tmp", `bench-${new Date().toISOString().replace(/[:.]/g, "-")}`);
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
    source: sourceVersion(),
  };
  console.log(
    `buddylist bench: ${options.scenarios.join(", ")}\n` +
      `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, Linux ${machine.kernel}; code ${machine.source}; work dir ${path.relative(root, workDir)}`,
  );

  const results: Record<string, unknown> = { finishedAt: "", machine, options };
  const run: Record<Scenario, (dir: string) => Promise<unknown>> = {
    presence: (dir) => runPresenceScenario(options, dir),
    messaging: (dir) => runMessagingScenario(options, dir),
    instances: (dir) => runInstancesScenario(options, dir),
    groups: (dir) => runGroupsScenario(options, dir),
    xmpp: (dir) => runXmppScenario(options, dir),
  };
  for (const scenario of options.scenarios) {
    // Each scenario is bounded on its own: a slow one cannot eat another's time.
    const dir = path.join(workDir, scenario);
    mkdirSync(path.join(dir, "data"), { recursive: true });
    setPhase(`${scenario}: start`);
    const deadline = setTimeout(
      () => abort(`the ${scenario} scenario took longer than ${options.timeoutSeconds} s (--timeout)`),
      options.timeoutSeconds * 1000,
    );
    const figures = await run[scenario](dir);
    clearTimeout(deadline);
    // The presence figures stay at the top level, where bench/profile-summary.ts finds them.
    if (scenario === "presence") Object.assign(results, figures);
    else results[scenario] = figures;
  }

  results.finishedAt = new Date().toISOString();
  const resultsFile = path.join(root, ".tmp", "bench-results.json");
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${path.relative(root, resultsFile)}`);
  if (options.profile) {
    console.log(
      `CPU profiles: ${path.relative(root, workDir)}/<scenario>/profiles/ (npx tsx bench/profile-summary.ts <file> --server real|bare|messaging)`,
    );
  } else if (!options.keep) rmSync(workDir, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error: unknown) => abort(error instanceof Error ? (error.stack ?? error.message) : String(error)));
