"use client";
import { useSyncExternalStore } from "react";
import { createClock } from "@/lib/client/format/clock";

/** Relative times are shown to the minute; half a minute keeps them at most that stale. */
const clock = createClock(30_000);

/** The current time, re-rendering every 30 s. Zero during server rendering. */
export function useNow(): number {
  return useSyncExternalStore(clock.subscribe, clock.now, () => 0);
}
