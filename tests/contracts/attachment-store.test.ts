// The attachment store's contract (lib/db/attachments/attachment-store.ts) on every backend,
// with the one definition of an orphaned attachment (orphans.ts) it collects by.
import { randomBytes, randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { StoredBlob } from "@/lib/db/attachments/attachment-store";
import type { Storage } from "@/lib/db/storage";
import { describeContract, newAccount } from "./backends";

const HOUR = 60 * 60 * 1000;
const blob = (overrides: Partial<StoredBlob> = {}): StoredBlob => ({
  hash: randomBytes(32).toString("hex"),
  size: 1234,
  type: "image/png",
  width: 640,
  height: 480,
  ...overrides,
});

async function upload(storage: Storage, ownerId: string, options: { size?: number; expiresAt?: Date; name?: string } = {}) {
  const id = randomUUID();
  await storage.attachments.create({
    id,
    ownerId,
    name: options.name ?? "picture.png",
    size: options.size ?? 1000,
    createdAt: new Date(),
    expiresAt: options.expiresAt ?? new Date(Date.now() + 24 * HOUR),
  });
  return id;
}

async function message(storage: Storage, senderId: string, recipientId: string, id = randomUUID()) {
  return storage.messages.add(
    { id, senderId, recipientId, clientId: randomUUID(), body: "look", sentAt: new Date() },
    "accepted",
  );
}

describeContract("attachment store", (storage: () => Storage) => {
  it("opens an upload, completes it with its blob and attaches it to a message in order", async () => {
    const alice = await newAccount(storage());
    const bob = await newAccount(storage());
    const first = await upload(storage(), alice.id);
    const second = await upload(storage(), alice.id, { name: "notes.pdf" });
    expect((await storage().attachments.get(first))?.state).toBe("uploading");
    const image = blob();
    const pdf = blob({ type: "application/pdf", width: null, height: null, size: 99 });
    expect(await storage().attachments.complete(first, image)).toBe(true);
    expect(await storage().attachments.complete(first, image)).toBe(false);
    expect(await storage().attachments.complete(second, pdf)).toBe(true);
    expect(await storage().attachments.get(second)).toMatchObject({ state: "ready", size: 1000, blob: pdf, name: "notes.pdf" });

    const sent = await message(storage(), alice.id, bob.id);
    expect(await storage().attachments.attach(alice.id, [second, first], sent.id)).toBe(true);
    const attached = await storage().attachments.forMessages([sent.id]);
    expect(attached.map((row) => [row.id, row.position, row.state, row.messageId])).toEqual([
      [second, 0, "attached", sent.id],
      [first, 1, "attached", sent.id],
    ]);
    expect(attached[1]?.blob).toEqual(image);
    // Each exactly as it is read alone.
    expect(attached).toEqual([await storage().attachments.get(second), await storage().attachments.get(first)]);
    expect((await storage().attachments.access(first))?.message).toEqual({
      senderId: alice.id,
      recipientId: bob.id,
      deletedBySender: false,
      deletedByRecipient: false,
      retracted: false,
      retractedBySender: false,
    });
  });

  it("attaches all or nothing: someone else's, unfinished or already attached uploads change nothing", async () => {
    const alice = await newAccount(storage());
    const mallory = await newAccount(storage());
    const mine = await upload(storage(), alice.id);
    await storage().attachments.complete(mine, blob());
    const unfinished = await upload(storage(), alice.id);
    const theirs = await upload(storage(), mallory.id);
    await storage().attachments.complete(theirs, blob());
    const messageId = randomUUID();
    expect(await storage().attachments.attach(alice.id, [mine, unfinished], messageId)).toBe(false);
    expect(await storage().attachments.attach(alice.id, [mine, theirs], messageId)).toBe(false);
    expect((await storage().attachments.get(mine))?.state).toBe("ready");
    expect(await storage().attachments.attach(alice.id, [mine], messageId)).toBe(true);
    expect(await storage().attachments.attach(alice.id, [mine], randomUUID())).toBe(false);
    await storage().attachments.detach(alice.id, messageId);
    expect(await storage().attachments.get(mine)).toMatchObject({ state: "ready", messageId: null });
  });

  it("counts usage per owner, uploads in progress with their announced size", async () => {
    const alice = await newAccount(storage());
    expect(await storage().attachments.usage(alice.id)).toEqual({ usedBytes: 0, count: 0 });
    await upload(storage(), alice.id, { size: 500 });
    const done = await upload(storage(), alice.id, { size: 1000 });
    await storage().attachments.complete(done, blob({ size: 800 }));
    // The bytes as sent count, whatever storing them took.
    expect(await storage().attachments.usage(alice.id)).toEqual({ usedBytes: 1500, count: 2 });
    expect(await storage().attachments.removeUpload(alice.id, done)).toBe(true);
    expect(await storage().attachments.usage(alice.id)).toEqual({ usedBytes: 500, count: 1 });
    expect((await storage().attachments.removeUploads(alice.id)).length).toBe(1);
    expect(await storage().attachments.usage(alice.id)).toEqual({ usedBytes: 0, count: 0 });
  });

  it("collects expired uploads, attachments of messages both sides deleted, and blobs nothing refers to", async () => {
    const alice = await newAccount(storage());
    const bob = await newAccount(storage());
    const now = new Date();
    const expired = await upload(storage(), alice.id, { expiresAt: new Date(now.getTime() - 1000) });
    const fresh = await upload(storage(), alice.id);
    const shared = blob();
    const kept = await upload(storage(), alice.id);
    const freed = await upload(storage(), alice.id);
    await storage().attachments.complete(kept, shared);
    await storage().attachments.complete(freed, shared);
    const keptMessage = await message(storage(), alice.id, bob.id);
    const freedMessage = await message(storage(), alice.id, bob.id);
    await storage().attachments.attach(alice.id, [kept], keptMessage.id);
    await storage().attachments.attach(alice.id, [freed], freedMessage.id);

    // One side's deletion keeps the file: the other side still has the message.
    await storage().messages.remove(alice.id, [freedMessage.id, keptMessage.id]);
    let collected = await storage().attachments.collect(now);
    expect(collected.attachments).toContain(expired);
    expect(collected.attachments).not.toContain(freed);
    expect(collected.attachments).not.toContain(fresh);
    expect(collected.blobs).not.toContain(shared.hash);

    await storage().messages.remove(bob.id, [freedMessage.id]);
    collected = await storage().attachments.collect(now);
    expect(collected.attachments).toEqual([freed]);
    // Another attachment still refers to the same content.
    expect(collected.blobs).not.toContain(shared.hash);
    expect(await storage().attachments.referenced([shared.hash])).toEqual([shared.hash]);

    await storage().messages.remove(bob.id, [keptMessage.id]);
    collected = await storage().attachments.collect(now);
    expect(collected.attachments).toEqual([kept]);
    expect(collected.blobs).toContain(shared.hash);
    expect(await storage().attachments.get(fresh)).not.toBeNull();
  });

  it("finds the owner's messages by their files' names, every term, case-insensitively, newest first", async () => {
    const alice = await newAccount(storage());
    const bob = await newAccount(storage());
    const named = async (name: string) => {
      const id = await upload(storage(), alice.id, { name });
      await storage().attachments.complete(id, blob());
      const sent = await message(storage(), alice.id, bob.id);
      await storage().attachments.attach(alice.id, [id], sent.id);
      return sent;
    };
    const older = await named("Quarterly_Report.pdf");
    const newer = await named("report 100%.pdf");
    await named("holiday.jpg");
    expect(await storage().attachments.searchNames(bob.id, ["report"], 2_147_483_647, 10)).toEqual([newer.seq, older.seq]);
    expect(await storage().attachments.searchNames(alice.id, ["quarterly", "report"], 2_147_483_647, 10)).toEqual([older.seq]);
    expect(await storage().attachments.searchNames(bob.id, ["report"], newer.seq, 10)).toEqual([older.seq]);
    // LIKE's wildcards are literal.
    expect(await storage().attachments.searchNames(bob.id, ["_"], 2_147_483_647, 10)).toEqual([older.seq]);
    await storage().messages.remove(bob.id, [newer.id]);
    expect(await storage().attachments.searchNames(bob.id, ["report"], 2_147_483_647, 10)).toEqual([older.seq]);
    const stranger = await newAccount(storage());
    expect(await storage().attachments.searchNames(stranger.id, ["report"], 2_147_483_647, 10)).toEqual([]);
  });

  it("keeps an attachment whose message is being written, until its upload session expires", async () => {
    const alice = await newAccount(storage());
    const now = new Date();
    const id = await upload(storage(), alice.id, { expiresAt: new Date(now.getTime() + HOUR) });
    await storage().attachments.complete(id, blob());
    await storage().attachments.attach(alice.id, [id], randomUUID());
    expect((await storage().attachments.collect(now)).attachments).not.toContain(id);
    expect((await storage().attachments.collect(new Date(now.getTime() + 2 * HOUR))).attachments).toContain(id);
  });

  it("keeps a group message's attachment past its upload session, until the message is deleted for everyone", async () => {
    const alice = await newAccount(storage());
    const now = new Date();
    const id = await upload(storage(), alice.id, { expiresAt: new Date(now.getTime() + HOUR) });
    await storage().attachments.complete(id, blob());
    const groupId = randomUUID();
    await storage().groupConversations.create({ id: groupId, name: null, creatorId: alice.id, clientId: randomUUID() }, []);
    const sent = await storage().groupConversations.add({
      id: randomUUID(),
      groupId,
      senderId: alice.id,
      clientId: randomUUID(),
      body: "",
      sentAt: now,
    });
    await storage().attachments.attach(alice.id, [id], sent.id);
    const later = new Date(now.getTime() + 2 * HOUR);
    expect((await storage().attachments.collect(later)).attachments).not.toContain(id);
    await storage().groupConversations.retract(sent.seq, later);
    expect((await storage().attachments.collect(later)).attachments).toContain(id);
  });
});
