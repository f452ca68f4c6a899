// The account store's contract (lib/db/accounts/account-store.ts) on every backend: who may be
// created, unique names, sessions, the admin search, and what an account's deletion takes along.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { DELETED_DISPLAY_NAME, UsernameTakenError } from "@/lib/db/accounts/account-store";
import { describeContract, newAccount } from "./backends";

const HOUR = 3_600_000;
const open = () => ({ mode: "open" as const, inviteHash: null, now: new Date() });
const input = (username: string) => ({ username, displayName: username, passwordHash: "hash" });
const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;

describeContract("account store", (storage) => {
  it("makes the first account of an empty instance its administrator, and only that one", async () => {
    // The first test of the suite: the backend is empty.
    const closedFirst = await storage().accounts.create(input(unique("first")), { mode: "closed" });
    expect(closedFirst).toMatchObject({ isAdmin: true });
    const second = await storage().accounts.create(input(unique("second")), open());
    expect(second).toMatchObject({ isAdmin: false });
    expect(await storage().accounts.countAll()).toBe(2);
  });

  it("admits by mode: closed refuses, invite needs a usable invitation and counts its use", async () => {
    expect(await storage().accounts.create(input(unique("c")), { mode: "closed" })).toBe("closed");
    const now = new Date();
    const invite = { mode: "invite" as const, now };
    expect(await storage().accounts.create(input(unique("i")), { ...invite, inviteHash: null })).toBe("invite_invalid");
    expect(await storage().accounts.create(input(unique("i")), { ...invite, inviteHash: "unknown" })).toBe("invite_invalid");
    const hash = unique("hash");
    const created = await storage().admin.createInvite({ tokenHash: hash, createdById: null, expiresAt: new Date(now.getTime() + HOUR), maxUses: 1 });
    expect(await storage().accounts.create(input(unique("i")), { ...invite, inviteHash: hash })).toMatchObject({ isAdmin: false });
    expect((await storage().admin.listInvites()).find((row) => row.id === created.id)!.uses).toBe(1);
    expect(await storage().accounts.create(input(unique("i")), { ...invite, inviteHash: hash })).toBe("invite_invalid");
    // With open sign-ups a spent invitation stops nobody.
    expect(await storage().accounts.create(input(unique("o")), { mode: "open", inviteHash: hash, now })).toMatchObject({ isAdmin: false });
    const expired = unique("expired");
    await storage().admin.createInvite({ tokenHash: expired, createdById: null, expiresAt: new Date(now.getTime() - 1), maxUses: 5 });
    expect(await storage().accounts.create(input(unique("i")), { ...invite, inviteHash: expired })).toBe("invite_invalid");
  });

  it("refuses a name taken, by a live or a deleted account, without counting the invitation", async () => {
    const { username, id } = await newAccount(storage());
    await expect(storage().accounts.create(input(username), open())).rejects.toBeInstanceOf(UsernameTakenError);
    const hash = unique("hash");
    const invite = await storage().admin.createInvite({ tokenHash: hash, createdById: null, expiresAt: new Date(Date.now() + HOUR), maxUses: 1 });
    await expect(storage().accounts.create(input(username), { mode: "invite", inviteHash: hash, now: new Date() })).rejects.toBeInstanceOf(
      UsernameTakenError,
    );
    expect((await storage().admin.listInvites()).find((row) => row.id === invite.id)!.uses).toBe(0);
    await storage().accounts.tombstone(id, new Date());
    await expect(storage().accounts.create(input(username), open())).rejects.toBeInstanceOf(UsernameTakenError);
  });

  it("finds accounts by name (live ones) and by id (deleted ones too); a missing one answers null", async () => {
    const { id, username } = await newAccount(storage());
    expect(await storage().accounts.findByUsername(username)).toMatchObject({ id, username, isAdmin: false, suspendedAt: null, deletedAt: null });
    expect(await storage().accounts.findByUsername("nobody-here")).toBeNull();
    expect(await storage().accounts.findById(randomUUID())).toBeNull();
    expect(await storage().accounts.setDisplayName(id, "New Name")).toEqual({ id, username, displayName: "New Name" });
    expect(await storage().accounts.summaries([id, randomUUID()])).toEqual([{ id, username, displayName: "New Name" }]);
    expect(await storage().accounts.summaries([])).toEqual([]);
    await storage().accounts.tombstone(id, new Date());
    expect(await storage().accounts.findByUsername(username)).toBeNull();
    expect(await storage().accounts.findById(id)).toMatchObject({ id, username, displayName: DELETED_DISPLAY_NAME, passwordHash: "" });
  });

  it("keeps sessions: live until they expire or the account is suspended, most recently active first", async () => {
    const { id, username } = await newAccount(storage());
    const now = new Date();
    const first = await storage().accounts.createSession({ userId: id, expiresAt: new Date(now.getTime() + HOUR), ipAddress: "10.0.0.1" });
    const second = await storage().accounts.createSession({ userId: id, expiresAt: new Date(now.getTime() + HOUR), userAgent: "tests" });
    expect(second).toMatchObject({ userId: id, userAgent: "tests", ipAddress: null });
    expect(await storage().accounts.findLiveSession(first.id, now)).toMatchObject({ user: { id, username, displayName: username.toUpperCase() } });
    expect(await storage().accounts.findLiveSession(first.id, new Date(now.getTime() + 2 * HOUR))).toBeNull();
    expect(await storage().accounts.findLiveSession("no-such-session", now)).toBeNull();
    // Asked together (the handshakes of one turn): each session its own account, or none.
    const other = await newAccount(storage());
    const otherSession = await storage().accounts.createSession({ userId: other.id, expiresAt: new Date(now.getTime() + HOUR) });
    const together = await Promise.all(
      [first.id, "no-such-session", otherSession.id, first.id].map((sessionId) => storage().accounts.findLiveSession(sessionId, now)),
    );
    expect(together.map((found) => found?.user.id ?? null)).toEqual([id, null, other.id, id]);
    expect((await storage().accounts.signInAddresses(username, now)).sort()).toEqual(["10.0.0.1", null].sort());
    expect(await storage().accounts.signInAddresses("nobody-here", now)).toEqual([]);

    await storage().accounts.touchSession(first.id, new Date(now.getTime() + 60_000), new Date(now.getTime() + 3 * HOUR));
    expect((await storage().accounts.listSessions(id)).map((session) => session.id)).toEqual([first.id, second.id]);
    expect(await storage().accounts.findLiveSession(first.id, new Date(now.getTime() + 2 * HOUR))).not.toBeNull();
    // Touched together (the handshakes of one turn): each extended, none shortened.
    await Promise.all([
      storage().accounts.touchSession(first.id, new Date(now.getTime() + 60_000), new Date(now.getTime() + 3 * HOUR)),
      storage().accounts.touchSession(second.id, new Date(now.getTime() + 60_000), new Date(now.getTime() + 3 * HOUR)),
    ]);
    for (const session of [first, second]) {
      expect(await storage().accounts.findLiveSession(session.id, new Date(now.getTime() + 2.5 * HOUR))).not.toBeNull();
    }

    await storage().accounts.setSuspended(id, now);
    expect(await storage().accounts.findLiveSession(first.id, now)).toBeNull();
    await storage().accounts.setSuspended(id, null);
    expect(await storage().accounts.findLiveSession(first.id, now)).not.toBeNull();

    expect(await storage().accounts.deleteSessions(id, first.id)).toEqual([second.id]);
    await storage().accounts.deleteSession(first.id);
    expect(await storage().accounts.listSessions(id)).toEqual([]);
  });

  it("searches names containing the query literally: % and _ are not wildcards", async () => {
    const tag = randomUUID().slice(0, 6);
    for (const name of [`q${tag}a_b`, `q${tag}axb`, `q${tag}a%b`, `q${tag}zzz`]) await storage().accounts.create(input(name), open());
    const names = async (query: string, limit = 10) => (await storage().accounts.search(query, limit)).map((row) => row.username);
    expect(await names(`${tag}a_`)).toEqual([`q${tag}a_b`]);
    expect(await names(`${tag}a%`)).toEqual([`q${tag}a%b`]);
    expect(await names(`Q${tag.toUpperCase()}A`)).toEqual([`q${tag}a%b`, `q${tag}a_b`, `q${tag}axb`].sort());
    expect(await names(`q${tag}`, 2)).toHaveLength(2);
    expect(await names(`${tag}-nothing`)).toEqual([]);
    const [row] = await storage().accounts.search(`q${tag}zzz`, 10);
    expect(row).not.toHaveProperty("passwordHash");
  });

  it("deletes an account with everything of it, leaving a tombstone and the other side's messages", async () => {
    const gone = await newAccount(storage(), "gone");
    const friend = await newAccount(storage(), "friend");
    const follower = await newAccount(storage(), "follower");
    const activeBefore = await storage().accounts.countActive();
    const allBefore = await storage().accounts.countAll();
    const { accounts, tokens, subscriptions, groups, rules, presence, watches, messages, inboxSettings } = storage();
    await accounts.createSession({ userId: gone.id, expiresAt: new Date(Date.now() + HOUR) });
    await tokens.create(gone.id, "bot", unique("token"), "presence:read");
    await subscriptions.set(gone.id, friend.id, "active");
    await subscriptions.set(follower.id, gone.id, "pending");
    const group = await groups.create(friend.id, "pals");
    await groups.setContactGroups(friend.id, gone.id, [group.id]);
    await groups.create(gone.id, "mine");
    await rules.save(friend.id, [{ subjectType: "user", subjectId: gone.id, action: "block", hiddenTupleIds: [], hideLastSeen: false }]);
    await rules.save(gone.id, [{ subjectType: "signed-in", subjectId: null, action: "allow", hiddenTupleIds: [], hideLastSeen: false }]);
    await rules.setVisibility(friend.id, gone.id, "hidden");
    await presence.saveUserTuples(gone.id, 1, [{ means: "mailto", address: "a@example.org", label: null, status: "open" }]);
    const now = new Date();
    await watches.record([{ presentityId: gone.id, watcherId: friend.id, kind: "fetch", firstAt: now, lastAt: now, count: 1 }]);
    await inboxSettings.save(gone.id, { acceptFrom: "nobody" });
    const toFriend = await messages.add({ id: randomUUID(), senderId: gone.id, recipientId: friend.id, clientId: "c1", body: "hi", sentAt: now }, "accepted");
    await messages.add({ id: randomUUID(), senderId: friend.id, recipientId: gone.id, clientId: "c2", body: "hey", sentAt: now }, "accepted");

    expect((await accounts.tombstone(gone.id, now)).sort()).toEqual([friend.id, follower.id].sort());

    expect(await accounts.countActive()).toBe(activeBefore - 1);
    expect(await accounts.countAll()).toBe(allBefore);
    expect(await accounts.listSessions(gone.id)).toEqual([]);
    expect(await tokens.list(gone.id)).toEqual([]);
    expect(await accounts.tokenIds(gone.id)).toEqual([]);
    expect(await subscriptions.get(gone.id, friend.id)).toBeNull();
    expect(await subscriptions.get(follower.id, gone.id)).toBeNull();
    expect((await groups.list(friend.id))[0]!.memberIds).toEqual([]);
    expect(await groups.list(gone.id)).toEqual([]);
    // Owners without rules are absent: the friend's only rule was about the account.
    expect(await rules.load([friend.id, gone.id])).toEqual(new Map());
    expect(await rules.loadVisibility([friend.id])).toEqual([]);
    expect(await presence.load([gone.id])).toEqual([]);
    expect(await watches.list(gone.id, new Date(0))).toEqual([]);
    expect(await inboxSettings.settings(gone.id)).toEqual({ acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false });
    expect(await messages.conversation(gone.id, friend.id)).toBeNull();
    expect(await messages.after(gone.id, 0, 10)).toEqual({ messages: [], hasMore: false });
    // The friend keeps both messages and the conversation.
    expect((await messages.page(friend.id, gone.id, undefined, 10)).messages).toHaveLength(2);
    expect(await messages.conversation(friend.id, gone.id)).toMatchObject({ lastSeq: expect.any(Number) });
    expect(await accounts.summaries([gone.id])).toEqual([{ id: gone.id, username: gone.username, displayName: DELETED_DISPLAY_NAME }]);
    expect(toFriend.seq).toBeGreaterThan(0);
  });

  it("changes a password hash and says which tokens an account holds", async () => {
    const { id, username } = await newAccount(storage());
    await storage().accounts.setPasswordHash(id, "new-hash");
    expect((await storage().accounts.findByUsername(username))!.passwordHash).toBe("new-hash");
    const token = await storage().tokens.create(id, "one", unique("token"), "presence:read");
    expect(await storage().accounts.tokenIds(id)).toEqual([token.id]);
  });
});
