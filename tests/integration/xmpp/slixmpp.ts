// Drives tests/integration/xmpp/slix_client.py: a slixmpp client (Debian's python3-slixmpp) in a
// child process, told what to do with one JSON command per line and reporting what it received
// the same way. The tests assert on those reports: what the slixmpp client itself parsed.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pipeLines } from "../harness";

/** Debian's interpreter, where python3-slixmpp is installed (a pyenv or venv python may lack it). */
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const SCRIPT = path.join(import.meta.dirname, "slix_client.py");

export type SlixEvent = { event: string } & Record<string, unknown>;
export type SlixRosterItem = { subscription: string; ask: boolean; name: string; groups: string[] };
export type SlixCommand =
  | { cmd: "roster" | "quit" }
  | { cmd: "presence"; show?: string; status?: string }
  | { cmd: "subscribe" | "subscribed" | "unsubscribed"; to: string }
  | { cmd: "message"; to: string; body: string; id?: string }
  | { cmd: "vcard"; to?: string }
  | { cmd: "set_vcard"; fn: string }
  | { cmd: "join"; room: string; nick: string; maxstanzas?: number }
  | { cmd: "groupchat"; to: string; body: string };

export type SlixClient = {
  events: SlixEvent[];
  jid: string;
  /** The first event (already reported, from index `from` on, or still to come) that matches. */
  waitFor(match: (event: SlixEvent) => boolean, timeoutMs?: number, from?: number): Promise<SlixEvent>;
  /** Sends a command and waits until the script has carried it out. */
  run(command: SlixCommand): Promise<SlixEvent>;
  roster(): Promise<Record<string, SlixRosterItem>>;
  stop(): Promise<void>;
};

/** Starts the client; resolves once it is signed in and bound, rejects when sign-in fails. */
export async function slixClient(port: number, jid: string, password: string, mechanism: string): Promise<SlixClient> {
  const child = spawn(PYTHON, [SCRIPT, "127.0.0.1", String(port), jid, password, mechanism], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const events: SlixEvent[] = [];
  const stderr: string[] = [];
  const waiters = new Set<{ match: (event: SlixEvent) => boolean; resolve: (event: SlixEvent) => void }>();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let cursor = 0;
  pipeLines(child, (line) => {
    if (!line.startsWith("{")) return void stderr.push(line); // slixmpp's own log lines
    const event = JSON.parse(line) as SlixEvent;
    events.push(event);
    for (const waiter of waiters) {
      if (waiter.match(event)) {
        waiters.delete(waiter);
        waiter.resolve(event);
      }
    }
  });

  function waitFor(match: (event: SlixEvent) => boolean, timeoutMs = 10_000, from = 0): Promise<SlixEvent> {
    const found = events.slice(from).find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (event: SlixEvent) => (clearTimeout(timer), resolve(event)) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        const seen = events.map((event) => JSON.stringify(event)).join("\n");
        reject(new Error(`slixmpp reported nothing matching within ${timeoutMs} ms; got:\n${seen}\n${stderr.join("\n")}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  }

  const start = await waitFor((event) => event.event === "signed_in" || event.event === "failed" || event.event === "disconnected", 20_000);
  if (start.event !== "signed_in") {
    child.kill();
    throw new Error(`slixmpp did not sign in: ${JSON.stringify(start)}`);
  }

  async function run(command: SlixCommand) {
    // Acknowledgements are matched in order, from the events after the previous command's.
    const from = events.length;
    child.stdin.write(`${JSON.stringify(command)}\n`);
    const done = await waitFor((event) => event.event === "done" && event.cmd === command.cmd, 10_000, Math.max(from, cursor));
    cursor = events.indexOf(done) + 1;
    return done;
  }

  return {
    events,
    jid: String(start.jid),
    waitFor,
    run,
    async roster() {
      const from = events.length;
      await run({ cmd: "roster" });
      const answer = await waitFor((event) => event.event === "roster", 10_000, from);
      return answer.items as Record<string, SlixRosterItem>;
    },
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill(), 3_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
