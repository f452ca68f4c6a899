import { describe, expect, it } from "vitest";
import { createKnownAccounts, mayKnow } from "./known-account";
import type { PresentityEntry } from "./presence-state";
import type { Relations } from "./relations";
import { contactsOnly } from "./service/test-entry";

describe("mayKnow", () => {
  it("hides exactly the accounts that block the caller and that it neither holds nor is watched by", () => {
    expect(mayKnow({ blocksCaller: false, inCallersBuddyList: false })).toBe(true);
    expect(mayKnow({ blocksCaller: false, inCallersBuddyList: true })).toBe(true);
    expect(mayKnow({ blocksCaller: true, inCallersBuddyList: true })).toBe(true);
    expect(mayKnow({ blocksCaller: true, inCallersBuddyList: false })).toBe(false);
    expect(mayKnow({ blocksCaller: true, inCallersBuddyList: false, watchesCaller: true })).toBe(true);
  });
});

function relationsOf(account: { contacts?: string[]; watchers?: string[] }): Relations {
  const relations = contactsOnly(account.contacts ?? []);
  for (const watcherId of account.watchers ?? []) relations.setHolding(watcherId, "active");
  return relations;
}

/** Accounts by name, each with the ids it blocks, the contacts in its own buddy list, and who watches it. */
function world(accounts: Record<string, { blocks?: string[]; contacts?: string[]; watchers?: string[] }>) {
  const entries = new Map(
    Object.entries(accounts).map(([id, account]) => [
      id,
      {
        doc: { userId: id },
        relations: relationsOf(account),
      } as unknown as PresentityEntry,
    ]),
  );
  const lookups: string[] = [];
  /** The steps taken, in order: time follows them. */
  const steps: string[] = [];
  const known = createKnownAccounts({
    state: {
      idOf: async (username) => (accounts[username] ? username : null),
      getMany: async (ids) => {
        lookups.push(...ids);
        steps.push(`getMany ${[...ids].length}`);
        return new Map([...ids].flatMap((id) => (entries.has(id) ? [[id, entries.get(id)!] as const] : [])));
      },
      loadVisibility: async () => {
        steps.push("loadVisibility");
      },
    },
    blocks: (entry, watcherId, tokenId) => {
      steps.push("blocks");
      return accounts[entry.doc.userId]!.blocks?.includes(tokenId ? `token:${tokenId}` : watcherId) ?? false;
    },
  });
  return { known, lookups, steps };
}

describe("known accounts", () => {
  const { known, steps } = world({
    alice: { blocks: ["stranger", "bob", "dave", "token:t1"] },
    bob: { contacts: ["alice"] },
    dave: { watchers: ["alice"] },
    stranger: {},
    carol: {},
  });

  it("gives a blocker to its blocked caller exactly as a missing name", async () => {
    expect(await known.idOf({ id: "stranger" }, "alice")).toBeNull();
    expect(await known.idOf({ id: "stranger" }, "nobody")).toBeNull();
  });

  it("takes a blocker's steps for a missing name, so that the time of the answer tells nothing", async () => {
    steps.length = 0;
    await known.idOf({ id: "stranger" }, "alice");
    const blocker = steps.splice(0);
    await known.idOf({ id: "stranger" }, "nobody");
    expect(steps).toEqual(blocker);
    expect(blocker).toEqual(["getMany 2", "loadVisibility", "blocks"]);
  });

  it("keeps a blocker known to a caller that holds it in its own buddy list", async () => {
    expect(await known.idOf({ id: "bob" }, "alice")).toBe("alice");
  });

  it("keeps a blocker known to a caller it watches (it shows in the caller's watcher information)", async () => {
    expect(await known.idOf({ id: "dave" }, "alice")).toBe("alice");
  });

  it("gives everyone else the account, and the caller itself", async () => {
    expect(await known.idOf({ id: "carol" }, "alice")).toBe("alice");
    expect(await known.idOf({ id: "stranger" }, "stranger")).toBe("stranger");
  });

  it("asks the rules with the caller's token", async () => {
    expect(await known.idOf({ id: "carol" }, "alice", { tokenId: "t1" })).toBeNull();
    expect(await known.idOf({ id: "carol" }, "alice", { tokenId: "t2" })).toBe("alice");
  });

  it("filters a list of ids the same way, leaving out deleted accounts", async () => {
    expect(await known.knownAmong("stranger", ["alice", "carol", "deleted"])).toEqual(new Set(["carol"]));
    expect(await known.knownAmong("bob", ["alice", "carol"])).toEqual(new Set(["alice", "carol"]));
  });

  it("looks up no account but the caller's own for a missing name", async () => {
    const fresh = world({ alice: {} });
    await fresh.known.idOf({ id: "alice" }, "nobody");
    expect(new Set(fresh.lookups)).toEqual(new Set(["alice"]));
  });
});
