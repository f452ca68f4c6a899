import { describe, expect, it } from "vitest";
import { createInputQueue } from "./input-queue";

const settle = () => new Promise((resolve) => setImmediate(resolve));

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

function queue(bound = 16) {
  const pauses: boolean[] = [];
  const failures: unknown[] = [];
  const input = createInputQueue({ bound, pauseReading: (paused) => pauses.push(paused), failed: (error) => failures.push(error) });
  return { input, pauses, failures };
}

describe("the input queue of a stream", () => {
  it("starts a task only after the one before has finished, in the order pushed", async () => {
    const { input } = queue();
    const log: string[] = [];
    const slow = gate();
    input.push(async () => {
      log.push("start slow");
      await slow.opened;
      log.push("end slow");
    });
    input.push(() => log.push("fast"));
    await settle();
    expect(log).toEqual(["start slow"]);
    slow.open();
    await settle();
    expect(log).toEqual(["start slow", "end slow", "fast"]);
  });

  it("goes on with the next task after one throws or rejects, and reports the error", async () => {
    const { input, failures } = queue();
    const ran: string[] = [];
    input.push(() => {
      throw new Error("sync");
    });
    input.push(async () => {
      await settle();
      throw new Error("async");
    });
    input.push(() => ran.push("after"));
    await settle();
    await settle();
    expect(ran).toEqual(["after"]);
    expect(failures.map((error) => (error as Error).message)).toEqual(["sync", "async"]);
  });

  it("runs nothing of a chunk pushed in one go before it is all queued, so clearing drops the rest of it", async () => {
    const { input } = queue();
    const ran: string[] = [];
    input.push(() => {
      ran.push("restart");
      input.clear();
    });
    input.push(() => ran.push("read before the restart"));
    await settle();
    input.push(() => ran.push("read after"));
    await settle();
    expect(ran).toEqual(["restart", "read after"]);
  });

  it("pauses reading while more than the bound wait, and resumes once they are down to it", async () => {
    const { input, pauses } = queue(2);
    const slow = gate();
    input.push(() => slow.opened);
    input.push(() => {});
    expect(pauses).toEqual([]);
    input.push(() => {});
    expect(pauses).toEqual([true]);
    input.push(() => {}); // still paused: said once
    await settle();
    expect(pauses).toEqual([true]); // three wait behind the slow one
    slow.open();
    await settle();
    expect(pauses).toEqual([true, false]);
  });

  it("resumes reading when what waits is dropped", () => {
    const { input, pauses } = queue(1);
    input.push(() => {});
    input.push(() => {});
    input.clear();
    expect(pauses).toEqual([true, false]);
  });
});
