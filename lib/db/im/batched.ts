// Calls of one turn of the event loop answered together: under load one statement serves many
// callers. Used by the message store's send path (send facts, delivery confirmations).

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

