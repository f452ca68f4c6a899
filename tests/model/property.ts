// Runs N random sequences against a transport with fast-check: seeded and reproducible
// (MODEL_SEED, MODEL_PATH), shrunk on failure within a time budget, and reported with the seed
// and the shrunk list of steps.
import fc from "fast-check";
import { sequenceArbitrary } from "./commands";
import { runSequence, skippedCounts, type Transport } from "./driver";
import type { Step } from "./presence-model";

export type ModelOptions = {
  runs: number;
  seed?: number;
  /** fast-check's replay path of a failure (printed with it). */
  path?: string;
  maxSteps?: number;
  /** How long shrinking may take before the smallest failure so far is reported. */
  shrinkMs?: number;
  shortExpiry?: boolean;
  /** Run exactly these steps once (as printed with a failure) instead of random sequences. */
  replay?: { accounts: number; steps: Step[] };
  /**
   * Sequences run this many at a time, each lane on its own seed (the seed, seed + 1, …) and
   * its own accounts: a sequence mostly waits on round trips, so lanes overlap their waits.
   */
  lanes?: number;
};

export type ModelStats = { sequences: number; steps: number; groupSteps: number; ms: number; seed: number };

/** Options from the environment: MODEL_RUNS, MODEL_SEED, MODEL_PATH, MODEL_STEPS, MODEL_SHRINK_MS, MODEL_LANES. */
export function optionsFromEnv(defaults: { runs: number; maxSteps?: number; lanes?: number }): ModelOptions {
  const env = process.env;
  return {
    runs: env.MODEL_RUNS ? Number(env.MODEL_RUNS) : defaults.runs,
    seed: env.MODEL_SEED ? Number(env.MODEL_SEED) : undefined,
    path: env.MODEL_PATH || undefined,
    maxSteps: env.MODEL_STEPS ? Number(env.MODEL_STEPS) : defaults.maxSteps,
    shrinkMs: env.MODEL_SHRINK_MS ? Number(env.MODEL_SHRINK_MS) : 180_000,
    // A printed failure replays in one lane (its seed and path are the lane's own).
    lanes: env.MODEL_LANES ? Number(env.MODEL_LANES) : env.MODEL_PATH ? 1 : defaults.lanes,
    // MODEL_REPLAY='{"accounts":3,"steps":[{"t":"connect","a":0},…]}' (the printed steps, as JSON)
    replay: env.MODEL_REPLAY ? (JSON.parse(env.MODEL_REPLAY) as { accounts: number; steps: Step[] }) : undefined,
  };
}

export async function checkModel(transport: Transport, options: ModelOptions): Promise<ModelStats> {
  const lanes = Math.min(options.lanes ?? 1, options.runs);
  if (lanes <= 1 || options.replay) return checkLane(transport, options, "");
  const seed = options.seed ?? randomSeed();
  const results = await Promise.allSettled(
    Array.from({ length: lanes }, (_, lane) =>
      checkLane(
        { ...transport, name: `${transport.name}, lane ${lane + 1}/${lanes}` },
        { ...options, seed: seed + lane, runs: Math.floor(options.runs / lanes) + (lane < options.runs % lanes ? 1 : 0) },
        " MODEL_LANES=1",
      ),
    ),
  );
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  const stats = results.map((result) => (result as PromiseFulfilledResult<ModelStats>).value);
  return stats.reduce((sum, lane) => ({ ...sum, sequences: sum.sequences + lane.sequences, steps: sum.steps + lane.steps, groupSteps: sum.groupSteps + lane.groupSteps, ms: sum.ms + lane.ms }), {
    sequences: 0,
    steps: 0,
    groupSteps: 0,
    ms: 0,
    seed,
  });
}

const randomSeed = () => (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;

/** One lane: `options.runs` sequences one after the other, from one seed. */
async function checkLane(transport: Transport, options: ModelOptions, reproduceLane: string): Promise<ModelStats> {
  if (options.replay) {
    console.log(`[model] ${transport.name}: replaying ${options.replay.steps.length} steps on ${options.replay.accounts} accounts`);
    const result = await runSequence(transport, options.replay.accounts, options.replay.steps);
    return { sequences: options.runs, steps: result.executed, groupSteps: result.groupSteps, ms: result.ms, seed: 0 };
  }
  const seed = options.seed ?? randomSeed();
  const started = Date.now();
  const stats: ModelStats = { sequences: 0, steps: 0, groupSteps: 0, ms: 0, seed };
  console.log(
    `[model] ${transport.name}: ${options.runs} sequences, seed ${seed}` +
      ` (reproduce: MODEL_SEED=${seed}${options.path ? ` MODEL_PATH=${options.path}` : ""} MODEL_RUNS=${options.runs}${reproduceLane})`,
  );
  let firstFailure: string | null = null;
  let failedAt: number | null = null;
  let shrinks = 0;
  const property = fc.asyncProperty(
    sequenceArbitrary({ maxSteps: options.maxSteps, shortExpiry: options.shortExpiry }),
    async ({ accounts, steps }) => {
      // Past the shrinking budget every candidate "passes": the smallest failure so far stands.
      if (failedAt !== null && Date.now() - failedAt > (options.shrinkMs ?? 180_000)) return;
      if (failedAt !== null) shrinks += 1;
      try {
        const result = await runSequence(transport, accounts, steps);
        if (failedAt === null) {
          stats.sequences += 1;
          stats.steps += result.executed;
          stats.groupSteps += result.groupSteps;
          stats.ms += result.ms;
        }
      } catch (error) {
        if (failedAt === null) {
          failedAt = Date.now();
          firstFailure = error instanceof Error ? error.message : String(error);
          console.log(`[model] ${transport.name}: sequence ${stats.sequences + 1} failed; shrinking…\n${firstFailure}`);
        }
        throw error;
      }
    },
  );
  const details = await fc.check(property, { seed, numRuns: options.runs, path: options.path, endOnFailure: options.shrinkMs === 0 });
  const total = Date.now() - started;
  console.log(
    `[model] ${transport.name}: ${stats.sequences} sequences passed (${stats.steps} steps, ${stats.groupSteps} in group conversations) in ${(stats.ms / 1000).toFixed(1)} s` +
      (stats.sequences > 0 ? `, ${Math.round(stats.ms / stats.sequences)} ms a sequence, ${Math.round(stats.ms / Math.max(1, stats.steps))} ms a step` : "") +
      `; ${(total / 1000).toFixed(1)} s in all`,
  );
  if (skippedCounts.size > 0) {
    console.log(`[model] ${transport.name}: violations of skipped kinds (MODEL_SKIP): ${JSON.stringify(Object.fromEntries(skippedCounts))}`);
  }
  if (details.failed) {
    const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `The privacy contract failed on ${transport.name}.\n` +
        `  seed ${seed}, path ${details.counterexamplePath} — reproduce with MODEL_SEED=${seed} MODEL_PATH=${details.counterexamplePath}${reproduceLane}` +
        ` (shrunk ${shrinks} times)\n` +
        `Shrunk failure:\n${error}\n\nFirst failure (before shrinking):\n${firstFailure}`,
    );
  }
  return stats;
}

/**
 * The servers under test let every limit through: the sequences send far more, far faster,
 * than a person, and a refusal would be a step the model does not describe.
 */
export const UNLIMITED = Object.fromEntries(
  [
    "IM_SENDS_PER_10_SECONDS",
    "IM_STRANGER_SENDS_PER_MINUTE",
    "PRESENCE_COMMANDS_PER_MINUTE",
    "SUBSCRIPTION_COMMANDS_PER_MINUTE",
    "LOOKUP_COMMANDS_PER_MINUTE",
    "SETTINGS_COMMANDS_PER_MINUTE",
    "MESSAGING_COMMANDS_PER_MINUTE",
    "SIGNUPS_PER_ADDRESS_PER_HOUR",
  ].map((name) => [name, "1000000"]),
);
