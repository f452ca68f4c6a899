// What a stream reads is handled one element at a time, in the order read (RFC 6120 §10.1).
// Handlers await the store: run side by side, two messages could be stored swapped, or an <r/>
// answered with a count that takes in a stanza still being handled. While more than `bound`
// wait, the transport stops reading, so a client sending faster than we handle waits in its
// TCP window rather than in our memory.

export type InputQueue = ReturnType<typeof createInputQueue>;

export function createInputQueue(options: {
  /** Tasks waiting (beside the one running) above which reading pauses. */
  bound: number;
  /** Stops (true) or resumes (false) reading the transport. */
  pauseReading(paused: boolean): void;
  /** A task threw or rejected: reported here, and the next one runs all the same. */
  failed(error: unknown): void;
}) {
  const waiting: (() => unknown)[] = [];
  let draining = false;
  let paused = false;

  function setPaused(value: boolean) {
    if (paused === value) return;
    paused = value;
    options.pauseReading(value);
  }

  async function drain() {
    // A microtask late: what the parser reads in one chunk is all queued before any of it runs,
    // so a task that restarts the stream (clear) drops everything read before the restart.
    await null;
    while (waiting.length > 0) {
      const task = waiting.shift()!;
      if (waiting.length <= options.bound) setPaused(false);
      try {
        await task();
      } catch (error) {
        options.failed(error);
      }
    }
    draining = false;
  }

  return {
    push(task: () => unknown) {
      waiting.push(task);
      if (waiting.length > options.bound) setPaused(true);
      if (draining) return;
      draining = true;
      void drain();
    },
    /** Drops what waits (the task running goes on). */
    clear() {
      waiting.length = 0;
      setPaused(false);
    },
  };
}
