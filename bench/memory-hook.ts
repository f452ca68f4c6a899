// Preloaded into the server under test by run.ts (`node --expose-gc --import tsx --import
// ./bench/memory-hook.ts …`); the server's own code is untouched. On SIGUSR2 it reports
// process.memoryUsage() as it is, runs a full garbage collection, and reports it again, as
// one JSON line on stderr, with the size of each of V8's heap spaces after it (which one grew).
// Plain RSS mixes what connected clients really hold with garbage V8 has not collected yet (it
// swings by tens of MB with GC timing); the pair tells them apart.
import { getHeapSpaceStatistics } from "node:v8";

const collect = (globalThis as { gc?: () => void }).gc;

const usage = () => {
  const { rss, heapTotal, heapUsed, external } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external };
};

process.on("SIGUSR2", () => {
  const before = usage();
  // Twice: the first pass can leave objects that only the next one finds unreachable.
  collect?.();
  collect?.();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, { size: space.space_size, used: space.space_used_size }]),
  );
  process.stderr.write(`${JSON.stringify({ benchMemory: { before, after: usage(), collected: Boolean(collect), spaces } })}\n`);
});
