// Wrappers the composition root (lib/services.ts) puts around a store or transport when metrics
// are on, so the services themselves know nothing of them.
import type { PushOutcome, PushTransport } from "@/lib/push/transport";

/** The same store (a factory's plain object, as every store is), telling `onStored` of each message its `add` wrote. */
export function countingAdds<S extends { add(...args: never[]): Promise<unknown> }>(store: S, onStored: () => void): S {
  const add = store.add;
  return {
    ...store,
    add: (async (...args: Parameters<S["add"]>) => {
      const written = await add(...args);
      onStored();
      return written;
    }) as S["add"],
  };
}

/** The same transport, telling `onSent` of each push's outcome and duration (seconds). */
export function measuredPushes(transport: PushTransport, onSent: (outcome: PushOutcome, seconds: number) => void): PushTransport {
  return {
    async send(subscription, payload) {
      const started = performance.now();
      const outcome = await transport.send(subscription, payload);
      onSent(outcome, (performance.now() - started) / 1000);
      return outcome;
    },
  };
}
