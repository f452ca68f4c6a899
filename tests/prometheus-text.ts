// Reads Prometheus' text exposition format the way a scraper does: each sample line is
// `name{label="value",…} number`; `# TYPE name kind` says what a family is.
export type Sample = { name: string; labels: Record<string, string>; value: number };

export type Scrape = {
  samples: Sample[];
  /** Family name → counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>;
  /** Sum of the samples of `name` whose labels include `labels` (0 when none match). */
  sum(name: string, labels?: Record<string, string>): number;
  /** Whether any sample (or # TYPE line) names this family or series. */
  has(name: string): boolean;
};

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheusText(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.startsWith("# TYPE ")) {
      const [, , name, kind] = line.split(" ");
      types.set(name!, kind!);
      continue;
    }
    if (line === "" || line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(LABEL)) labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    // Like Prometheus (Go's ParseFloat): NaN and Inf in any case; prom-client writes "Nan".
    const text = match[3]!.toLowerCase();
    const value = text === "nan" ? NaN : /^[+-]?inf$/.test(text) ? (text.startsWith("-") ? -Infinity : Infinity) : Number(text);
    if (Number.isNaN(value) && text !== "nan") throw new Error(`not a number in: ${line}`);
    samples.push({ name: match[1]!, labels, value });
  }
  return {
    samples,
    types,
    sum(name, labels = {}) {
      return samples
        .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
        .reduce((total, sample) => total + sample.value, 0);
    },
    has(name) {
      return types.has(name) || samples.some((sample) => sample.name === name);
    },
  };
}

/** Series names a family exports: a histogram's `_bucket`, `_sum` and `_count`, a summary's `_sum` and `_count`. */
export function seriesNames(types: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [family, kind] of types) {
    names.add(family);
    if (kind === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(family + suffix);
    if (kind === "summary") for (const suffix of ["_sum", "_count"]) names.add(family + suffix);
  }
  return names;
}
