// The processes `npm run cluster` starts. Each leads a process group of its own, so a signal to
// the group also reaches what it started (nginx's workers); and none outlives the script:
// every way out (Ctrl-C, SIGTERM, a failed start, an exception, a plain exit) stops them.
import { type ChildProcess, spawn } from "node:child_process";

export type Child = { name: string; pid: number; exited: Promise<void> };

export type Children = {
  start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child;
  /** Settles with the first child that ends while nothing asked it to. */
  unexpectedExit: Promise<Child>;
  /** SIGTERM to every group, SIGKILL to whatever is left after `graceMs`. Safe to call twice. */
  stopAll(): Promise<void>;
};

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

export function createChildren(cwd: string, graceMs: number): Children {
  const running: { child: Child; process: ChildProcess }[] = [];
  let stopping: Promise<void> | undefined;
  let reportUnexpected: (child: Child) => void = () => {};
  const unexpectedExit = new Promise<Child>((resolve) => (reportUnexpected = resolve));

  // The last resort, for exits no handler saw coming: kill is synchronous, waiting is not possible.
  process.on("exit", () => {
    for (const { child } of running) signalGroup(child.pid, "SIGKILL");
  });

  function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
    if (stopping) throw new Error(`not starting ${name}: the cluster is stopping`);
    // detached: a process group of its own, out of reach of the terminal's Ctrl-C, so that the
    // script alone decides the order and the grace period of the stop.
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", () => {}); // a spawn failure is reported just below, from the missing pid
    if (child.pid === undefined) throw new Error(`${name} could not be started (${command})`);
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const entry: Child = { name, pid: child.pid, exited };
    running.push({ child: entry, process: child });
    void exited.then(() => {
      if (!stopping) reportUnexpected(entry);
    });
    return entry;
  }

  async function stopGracefully() {
    const alive = running.filter(({ process: child }) => child.exitCode === null && child.signalCode === null);
    for (const { child } of alive) signalGroup(child.pid, "SIGTERM");
    const timer = setTimeout(() => {
      for (const { child } of alive) signalGroup(child.pid, "SIGKILL");
    }, graceMs);
    await Promise.all(alive.map(({ child }) => child.exited));
    clearTimeout(timer);
    // A leader that has gone may have left members of its group behind.
    for (const { child } of running) signalGroup(child.pid, "SIGKILL");
    running.length = 0;
  }

  return {
    start,
    unexpectedExit,
    stopAll() {
      stopping ??= stopGracefully();
      return stopping;
    },
  };
}
