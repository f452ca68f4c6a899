"use client";
import { useSyncExternalStore } from "react";

const never = () => () => {};

/**
 * False during the server render and hydration, true after: what depends on the browser
 * (its locale, time zone, clock) is rendered only then, so hydration always matches.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
