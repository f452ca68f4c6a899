// Names that belong to no account, remembered for a while. Without it, a name that exists
// is answered from memory and a missing one from the database, and the difference in time
// tells a blocked caller that the account it looks for exists (see known-account.ts).
// Bounded, so nobody can grow it without limit by asking for random names.

/** Most missing names remembered; the oldest are forgotten first. */
export const MISSING_NAMES_MAX = 10_000;
/**
 * How long a name stays missing here. The instance where an account is created forgets its
 * name at once (nameTaken); other instances of a cluster learn of it after this long.
 */
export const MISSING_NAME_TTL_MS = 10_000;

export function createMissingNames(options: { now: () => number; max?: number; ttlMs?: number }) {
  const max = options.max ?? MISSING_NAMES_MAX;
  const ttlMs = options.ttlMs ?? MISSING_NAME_TTL_MS;
  /** Name → when it stops counting as missing; a Map keeps insertion order, oldest first. */
  const until = new Map<string, number>();

  return {
    has(name: string): boolean {
      const expires = until.get(name);
      if (expires === undefined) return false;
      if (expires > options.now()) return true;
      until.delete(name);
      return false;
    },
    add(name: string) {
      until.delete(name); // re-added names move to the newest end
      until.set(name, options.now() + ttlMs);
      while (until.size > max) until.delete(until.keys().next().value!);
    },
    /** An account with this name now exists. */
    delete(name: string) {
      until.delete(name);
    },
    get size() {
      return until.size;
    },
  };
}
export type MissingNames = ReturnType<typeof createMissingNames>;
