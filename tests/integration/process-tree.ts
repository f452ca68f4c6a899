// The processes a command starts, read from /proc (Linux): sampled while it runs, so that a
// test can check afterwards that none of them outlived it. A process is known by its pid and
// start time, so a pid the system reuses later is not mistaken for it.
import { readdirSync, readFileSync } from "node:fs";

export type ProcessEntry = { pid: number; startTime: string; command: string };

function stat(pid: number): { state: string; ppid: number; startTime: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses; the fields after it do not.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]), startTime: fields[19]! };
  } catch {
    return undefined; // gone
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** Every process below `pid` right now. */
export function descendants(pid: number): ProcessEntry[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const info = stat(Number(name));
    if (info) children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(name)]);
  }
  const found: ProcessEntry[] = [];
  const queue = [...(children.get(pid) ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const info = stat(next);
    if (info) found.push({ pid: next, startTime: info.startTime, command: commandLine(next) });
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** The entries still running (zombies, which hold nothing, do not count). */
export function stillRunning(entries: readonly ProcessEntry[]): ProcessEntry[] {
  return entries.filter((entry) => {
    const info = stat(entry.pid);
    return info !== undefined && info.startTime === entry.startTime && info.state !== "Z";
  });
}

/** Samples the processes below `pid` every `intervalMs` until stopped; `seen` lists all of them. */
export function trackDescendants(pid: number, intervalMs = 100) {
  const seen = new Map<string, ProcessEntry>();
  const sample = () => {
    for (const entry of descendants(pid)) {
      // A process that is ending (a zombie) shows no command line: keep the one it had.
      const key = `${entry.pid}@${entry.startTime}`;
      if (entry.command !== "" || !seen.has(key)) seen.set(key, entry);
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    seen: () => [...seen.values()],
    stop: () => clearInterval(timer),
  };
}
