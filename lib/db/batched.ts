// Calls of one turn of the event loop answered together: under load one statement serves many
// callers. Used by the message store's send path (send facts, delivery confirmations), by the
// group commits of one-to-one and group messages, and by the reads every connect makes (the
// session, pending requests, inbox and group cursors: connects arrive dozens at a time).

/** Most calls one statement answers (and most messages one group commit writes). */
export const MAX_BATCH = 100;

/**
 * Calls of one turn of the event loop, answered by one `run` over all of them (at most
 * MAX_BATCH at a time): under load, one statement serves many sends; alone, one call costs one
 * statement as before, a moment later. If `run` fails, every call of its batch fails.
 */
export function batched<Q, R>(run: (requests: Q[]) => Promise<R[]>): (request: Q) => Promise<R> {
  const pending: { request: Q; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const calls = pending.splice(0, MAX_BATCH);
    if (pending.length > 0) setImmediate(flush);
    run(calls.map((call) => call.request)).then(
      (results) => calls.forEach((call, index) => call.resolve(results[index]!)),
      (error: unknown) => calls.forEach((call) => call.reject(error)),
    );
  };
  return (request) =>
    new Promise((resolve, reject) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push({ request, resolve, reject });
    });
}

/**
 * A read by key, batched like `batched`: one `lookup` of the distinct keys of a turn; a key it
 * does not answer gets `absent`. Callers with the same key share one result: treat it as read-only.
 */
export function batchedByKey<R>(lookup: (keys: string[]) => Promise<Map<string, R>>, absent: R): (key: string) => Promise<R> {
  return batched(async (keys: string[]) => {
    const found = await lookup([...new Set(keys)]);
    return keys.map((key) => found.get(key) ?? absent);
  });
}

/**
 * Group commit: writes arriving within `waitMs` of the first, or while a commit is in flight, go
 * together through one `commit` (at most MAX_BATCH). `commit` answers with each write's result,
 * which may throw for that write alone (a duplicate). If a batch fails, each of its writes is
 * tried again on its own, so one bad write does not fail the others.
 */
export function groupCommitted<W, R>(commit: (batch: W[]) => Promise<(write: W) => R>, waitMs: number): (write: W) => Promise<R> {
  const queue: { write: W; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  let writing = false;

  const settle = (pending: (typeof queue)[number], resultOf: (write: W) => R) => {
    try {
      pending.resolve(resultOf(pending.write));
    } catch (error) {
      pending.reject(error);
    }
  };

  async function drain() {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const resultOf = await commit(batch.map((pending) => pending.write));
        for (const pending of batch) settle(pending, resultOf);
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        for (const pending of batch) {
          try {
            settle(pending, await commit([pending.write]));
          } catch (single) {
            pending.reject(single);
          }
        }
      }
    }
    writing = false;
  }

  return (write) =>
    new Promise((resolve, reject) => {
      queue.push({ write, resolve, reject });
      if (writing) return;
      // The first write of a batch waits a moment for others to join it.
      writing = true;
      setTimeout(() => void drain(), waitMs);
    });
}
