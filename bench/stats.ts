// Latency statistics for the benchmark (pure). Percentiles use the nearest-rank method: the
// reported p99 is a latency some notification really had, never an interpolation between two.

export type Summary = { count: number; p50: number; p99: number; max: number; mean: number };

/** The nearest-rank percentile `p` (0–100] of values sorted ascending; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  // p × n first: exact for integer p, where (p / 100) × n can land a hair above an integer.
  const rank = Math.ceil((p * sorted.length) / 100);
  return sorted[rank - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length > 0 ? total / sorted.length : Number.NaN,
  };
}
