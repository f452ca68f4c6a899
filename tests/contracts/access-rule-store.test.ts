// The access rule store's contract (lib/db/presence/access-rule-store.ts) on every backend.
import { expect, it } from "vitest";
import { EVERYONE } from "@/lib/db/presence/access-rule-store";
import { describeContract, newAccount } from "./backends";

describeContract("access rule store", (storage) => {
  it("replaces a presentity's ordered list; none saved is absent, an empty list saved is kept and marked", async () => {
    const owner = await newAccount(storage());
    const subject = await newAccount(storage());
    expect(await storage().rules.load([owner.id])).toEqual(new Map());
    const saved = await storage().rules.save(owner.id, [
      { subjectType: "user", subjectId: subject.id, action: "block", hiddenTupleIds: [], hideLastSeen: false },
      { subjectType: "signed-in", subjectId: null, action: "allow", hiddenTupleIds: ["t1", "t2"], hideLastSeen: true },
    ]);
    expect(await storage().rules.load([owner.id])).toEqual(new Map([[owner.id, saved]]));
    expect(saved.map((rule) => [rule.ownerId, rule.action, rule.hiddenTupleIds])).toEqual([
      [owner.id, "block", []],
      [owner.id, "allow", ["t1", "t2"]],
    ]);
    expect((await storage().presence.load([owner.id]))[0]!.customRules).toBe(true);
    expect(await storage().rules.save(owner.id, [])).toEqual([]);
    expect(await storage().rules.load([owner.id, subject.id])).toEqual(new Map());
    expect((await storage().presence.load([owner.id]))[0]!.customRules).toBe(true);
  });

  it("sets and removes a watcher's visibility rules", async () => {
    const watcher = await newAccount(storage());
    const presentity = await newAccount(storage());
    await storage().rules.setVisibility(watcher.id, presentity.id, "hidden");
    await storage().rules.setVisibility(watcher.id, EVERYONE, "visible");
    await storage().rules.setVisibility(watcher.id, presentity.id, "visible");
    const sorted = async () => (await storage().rules.loadVisibility([watcher.id])).sort((a, b) => a.presentityId.localeCompare(b.presentityId));
    expect(await sorted()).toEqual(
      [
        { watcherId: watcher.id, presentityId: presentity.id, visibility: "visible" },
        { watcherId: watcher.id, presentityId: EVERYONE, visibility: "visible" },
      ].sort((a, b) => a.presentityId.localeCompare(b.presentityId)),
    );
    await storage().rules.setVisibility(watcher.id, presentity.id, null);
    await storage().rules.setVisibility(watcher.id, presentity.id, null);
    expect(await storage().rules.loadVisibility([watcher.id])).toEqual([{ watcherId: watcher.id, presentityId: EVERYONE, visibility: "visible" }]);
    expect(await storage().rules.loadVisibility([])).toEqual([]);
  });
});
