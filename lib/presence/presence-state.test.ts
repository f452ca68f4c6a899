import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import { createLocalCluster, type PresenceCluster } from "./cluster";
import { createPresenceState } from "./presence-state";

/** A cluster that records, in order, which presentities it follows and stops following. */
function recordingCluster(steps: string[]): PresenceCluster {
  return {
    ...createLocalCluster(),
    follow: async (userIds) => void steps.push(`follow ${[...userIds].sort().join(",")}`),
    unfollow: (userIds) => void (userIds.length > 0 && steps.push(`unfollow ${[...userIds].sort().join(",")}`)),
  };
}

async function world() {
  const storage = createMemoryStorage();
  const steps: string[] = [];
  // Each read of the presentities' documents is a step too: following must come before it.
  const presence = {
    ...storage.presence,
    load: (async (...args: Parameters<typeof storage.presence.load>) => {
      steps.push("read");
      return storage.presence.load(...args);
    }) as typeof storage.presence.load,
  };
  let now = 1_000;
  const state = createPresenceState({
    presence,
    subscriptions: storage.subscriptions,
    groups: storage.groups,
    rules: storage.rules,
    quietHours: storage.quietHours,
    cluster: recordingCluster(steps),
    now: () => now,
  });
  const account = async (username: string) => {
    const made = await storage.accounts.create({ username, displayName: username, passwordHash: "x" }, { mode: "open", inviteHash: null, now: new Date() });
    if (typeof made === "string") throw new Error(made);
    return made.id;
  };
  return { state, steps, account, later: (ms: number) => (now += ms) };
}

describe("presence state in a cluster", () => {
  it("follows what it loads before reading it, and lets go of ids that are no account", async () => {
    const { state, steps, account } = await world();
    const ann = await account("ann");
    const bob = await account("bob");
    const found = await state.getMany([ann, bob, "nobody"]);
    expect([...found.keys()].sort()).toEqual([ann, bob].sort());
    expect(steps).toEqual([`follow ${[ann, bob, "nobody"].sort().join(",")}`, "read", "unfollow nobody"]);
    steps.length = 0;
    await state.getMany([ann]); // held already: nothing to follow or read
    expect(steps).toEqual([]);
  });

  it("stops following what it evicts or forgets", async () => {
    const { state, steps, account, later } = await world();
    const ann = await account("ann");
    const bob = await account("bob");
    await state.getMany([ann, bob]);
    steps.length = 0;
    later(60_000);
    expect(state.evictIdle(Infinity, (entry) => entry.doc.userId === bob)).toBe(1);
    state.forget(bob);
    state.forget(bob); // gone already: nothing more
    expect(steps).toEqual([`unfollow ${ann}`, `unfollow ${bob}`]);
  });

  it("lets a message wait for an entry that is loading", async () => {
    const { state, account } = await world();
    const ann = await account("ann");
    const loading = state.getMany([ann]);
    expect(state.peek(ann)).toBeUndefined();
    await state.loaded(ann);
    expect(state.peek(ann)?.doc.userId).toBe(ann);
    await loading;
    await state.loaded("nobody"); // nothing loading: answers at once
  });
});
