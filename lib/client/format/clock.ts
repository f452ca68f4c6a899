// One shared clock for relative times ("last seen 3 min ago"): a single timer for the whole
// page, running only while something shows a relative time.
import { createListeners } from "@/lib/client/store";

export function createClock(intervalMs: number) {
  let now = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = createListeners();
  return {
    now: () => now,
    subscribe(listener: () => void) {
      const unsubscribe = listeners.subscribe(listener);
      if (!timer) {
        now = Date.now();
        timer = setInterval(() => {
          now = Date.now();
          listeners.notify();
        }, intervalMs);
      }
      return () => {
        unsubscribe();
        if (listeners.size === 0) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}
