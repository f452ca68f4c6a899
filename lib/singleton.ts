// One instance per process. server.ts (run by tsx) and Next.js' bundles (route handlers,
// server actions, server components) each load their own copy of a module, so module-level
// state would be duplicated; state kept here under a global symbol is shared by all copies.
const holder = globalThis as Record<symbol, unknown>;
const keyOf = (name: string) => Symbol.for(`buddylist.${name}`);

export function singleton<T>(name: string, create: () => T): T {
  const key = keyOf(name);
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}

/** The instance if one exists, without creating it. */
export function peekSingleton<T>(name: string): T | undefined {
  return holder[keyOf(name)] as T | undefined;
}

/** Replaces (or with `undefined`, forgets) a process-wide instance. */
export function setSingleton<T>(name: string, value: T | undefined): void {
  if (value === undefined) delete holder[keyOf(name)];
  else holder[keyOf(name)] = value;
}
