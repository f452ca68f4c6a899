// The export store's contract (lib/db/accounts/export-store.ts) on every backend: everything an
// account owns, and names for the ids its rules and groups refer to.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { describeContract, newAccount } from "./backends";

describeContract("export store", (storage) => {
  it("collects what an account owns, and only what it still has", async () => {
    const me = await newAccount(storage(), "me");
    const friend = await newAccount(storage(), "friend");
    const { accounts, tokens, subscriptions, groups, rules, presence, messages, inboxSettings, exports } = storage();
    await presence.saveStatus(me.id, { version: 1, availability: "busy", note: "deep work", statusExpiresAt: null });
    await presence.saveUserTuples(me.id, 2, [{ means: "mailto", address: "mailto:me@example.org", label: null, status: "open" }]);
    const group = await groups.create(me.id, "pals");
    await groups.setContactGroups(me.id, friend.id, [group.id]);
    await subscriptions.set(me.id, friend.id, "active");
    await subscriptions.set(friend.id, me.id, "pending");
    await rules.save(me.id, [{ subjectType: "user", subjectId: friend.id, action: "block", hiddenTupleIds: ["t"], hideLastSeen: true }]);
    await rules.setVisibility(me.id, friend.id, "hidden");
    await tokens.create(me.id, "bot", randomUUID(), "presence:read");
    await inboxSettings.save(me.id, { acceptFrom: "contacts" });
    const kept = await messages.add({ id: randomUUID(), senderId: me.id, recipientId: friend.id, clientId: "1", body: "kept", sentAt: new Date() }, "accepted");
    const removed = await messages.add({ id: randomUUID(), senderId: friend.id, recipientId: me.id, clientId: "2", body: "gone", sentAt: new Date() }, "accepted");
    await messages.remove(me.id, [removed.id]);
    await messages.setFlags(me.id, friend.id, { muted: true });

    await storage().push.save({
      id: randomUUID(),
      userId: me.id,
      endpoint: `https://push.example/${randomUUID()}`,
      p256dh: "key",
      auth: "auth",
      userAgent: "Firefox",
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    await storage().push.savePreferences(me.id, { showText: false });
    await storage().quietHours.save(me.id, { zone: "UTC", ranges: [{ days: [0], start: "22:00", end: "07:00" }] });

    const data = await exports.collect(me.id);
    expect(data.user).toMatchObject({ username: me.username, displayName: me.username.toUpperCase() });
    expect(data.presentity).toMatchObject({ availability: "busy", note: "deep work", invisible: false });
    expect(data.tuples.map((tuple) => tuple.address)).toEqual(["mailto:me@example.org"]);
    expect(data.groups.map((row) => [row.name, row.members.map((member) => member.contactId)])).toEqual([["pals", [friend.id]]]);
    expect(data.watching.map((row) => [row.presentityId, row.state, row.presentity.username])).toEqual([[friend.id, "active", friend.username]]);
    expect(data.watchers.map((row) => [row.watcherId, row.state])).toEqual([[friend.id, "pending"]]);
    expect(data.rules.map((rule) => [rule.subjectId, rule.action, JSON.parse(rule.hiddenTupleIds), rule.hideLastSeen])).toEqual([
      [friend.id, "block", ["t"], true],
    ]);
    expect(data.visibility).toMatchObject([{ presentityId: friend.id, visibility: "hidden" }]);
    expect(data.tokens.map((token) => token.name)).toEqual(["bot"]);
    expect(data.inbox).toMatchObject({ acceptFrom: "contacts", readReceipts: true, notifyWhileBusy: false });
    expect(data.conversations.map((row) => [row.peer.username, row.state, row.pinnedAt, row.muted, row.markedUnread])).toEqual([
      [friend.username, "accepted", null, true, false],
    ]);
    expect(data.messages.map((message) => [message.id, message.body, message.sender.username, message.recipient.username])).toEqual([
      [kept.id, "kept", me.username, friend.username],
    ]);
    expect(data.names).toEqual(new Map([[friend.id, friend.username]]));
    expect(data.pushDevices).toEqual([{ userAgent: "Firefox", createdAt: new Date("2026-01-01T00:00:00Z") }]);
    expect(data.pushPreference).toEqual({ showText: false });
    expect(data.quietHours).toEqual({ zone: "UTC", ranges: JSON.stringify([{ days: [0], start: "22:00", end: "07:00" }]) });
    expect(await accounts.findById(me.id)).not.toBeNull();
  });

  it("answers an account that saved nothing with empty lists, and fails for one that does not exist", async () => {
    const me = await newAccount(storage());
    const data = await storage().exports.collect(me.id);
    expect({ ...data, user: undefined }).toEqual({
      user: undefined,
      presentity: null,
      tuples: [],
      groups: [],
      watching: [],
      watchers: [],
      rules: [],
      visibility: [],
      tokens: [],
      inbox: null,
      conversations: [],
      messages: [],
      pushDevices: [],
      pushPreference: null,
      quietHours: null,
      names: new Map(),
    });
    await expect(storage().exports.collect(randomUUID())).rejects.toThrow();
  });
});
