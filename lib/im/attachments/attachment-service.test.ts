// The attachment service on the in-memory stores and an in-memory blob store.
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { BlobStore } from "@/lib/db/blobs/blob-store";
import { createMemoryStorage } from "@/lib/db/memory-storage";
import { blobKeys, createAttachmentService } from "./attachment-service";

const MB = 1024 * 1024;

function memoryBlobs(): BlobStore & { keys(): string[] } {
  const blobs = new Map<string, Buffer>();
  return {
    keys: () => [...blobs.keys()],
    async put(key, bytes) {
      blobs.set(key, bytes);
    },
    async read(key) {
      const bytes = blobs.get(key);
      return bytes ? Readable.from([bytes]) : null;
    },
    async exists(key) {
      return blobs.has(key);
    },
    async remove(keys) {
      for (const key of keys) blobs.delete(key);
    },
  };
}

async function setup(blocked = new Set<string>()) {
  const storage = createMemoryStorage();
  const blobs = memoryBlobs();
  const service = createAttachmentService({
    store: storage.attachments,
    blobs,
    messages: storage.messages,
    blocks: async (ownerId, viewerId) => blocked.has(`${ownerId}>${viewerId}`),
    limits: { maxBytes: 2 * MB, quotaBytes: 3 * MB, uploadLifetimeMs: 60_000 },
    logger: { error: () => {}, info: () => {} },
  });
  const account = async (username: string) => {
    const created = await storage.accounts.create(
      { username, displayName: username, passwordHash: "x" },
      { mode: "open", inviteHash: null, now: new Date() },
    );
    if (typeof created === "string") throw new Error(created);
    return created.id;
  };
  return { storage, blobs, service, alice: await account("alice"), bob: await account("bob") };
}

const png = () => sharp({ create: { width: 40, height: 30, channels: 3, background: "green" } }).png().toBuffer();

describe("attachment service", () => {
  it("refuses an upload over the size limit or the quota before it starts", async () => {
    const { service, alice } = await setup();
    await expect(service.openUpload(alice, { id: randomUUID(), name: "big", size: 2 * MB + 1 })).rejects.toMatchObject({
      code: "payload_too_large",
    });
    await expect(service.openUpload(alice, { id: randomUUID(), name: "unsized", size: undefined })).rejects.toMatchObject({
      code: "invalid_payload",
    });
    await service.openUpload(alice, { id: randomUUID(), name: "a", size: 2 * MB });
    await expect(service.openUpload(alice, { id: randomUUID(), name: "b", size: 2 * MB })).rejects.toThrow(/storage/);
    expect(await service.usage(alice)).toEqual({ usedBytes: 2 * MB, quotaBytes: 3 * MB, maxFileBytes: 2 * MB, count: 1 });
  });

  it("stores an image once per content, with its variants, and a file as it came", async () => {
    const { service, blobs, alice } = await setup();
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    const image = await png();
    for (const id of [first, second]) await service.openUpload(alice, { id, name: "p.png", size: image.length });
    const stored = await service.finishUpload(first, image);
    await service.finishUpload(second, image);
    expect(stored.blob).toMatchObject({ type: "image/png", width: 40, height: 30 });
    const keys = blobKeys(stored.blob!.hash);
    expect(blobs.keys().sort()).toEqual([keys.original, keys.preview, keys.thumbnail].sort());
    const text = Buffer.from("just some text");
    await service.openUpload(alice, { id: third, name: "notes.txt", size: text.length });
    expect((await service.finishUpload(third, text)).blob).toMatchObject({ type: "application/octet-stream", width: null });
  });

  it("reserves only the sender's finished uploads, and releases them when the message is not stored", async () => {
    const { service, alice, bob } = await setup();
    const mine = randomUUID();
    const theirs = randomUUID();
    const unfinished = randomUUID();
    const image = await png();
    await service.openUpload(alice, { id: mine, name: "a.png", size: image.length });
    await service.finishUpload(mine, image);
    await service.openUpload(alice, { id: unfinished, name: "b.png", size: 10 });
    await service.openUpload(bob, { id: theirs, name: "c.png", size: image.length });
    await service.finishUpload(theirs, image);
    const messageId = randomUUID();
    await expect(service.reserve(alice, [mine, unfinished], messageId)).rejects.toThrow(/not finished uploading/);
    await expect(service.reserve(alice, [mine, theirs], messageId)).rejects.toThrow(/no such upload/);
    expect((await service.reserve(alice, [mine], messageId)).map((attachment) => attachment.id)).toEqual([mine]);
    await expect(service.reserve(alice, [mine], randomUUID())).rejects.toThrow(/already sent/);
    await service.release(alice, messageId);
    expect(await service.reserve(alice, [mine], randomUUID())).toHaveLength(1);
  });

  it("serves a file to the sender, to the recipient of an accepted conversation, and to nobody else", async () => {
    const blocked = new Set<string>();
    const { storage, service, alice, bob } = await setup(blocked);
    const id = randomUUID();
    const image = await png();
    await service.openUpload(alice, { id, name: "a.png", size: image.length });
    await service.finishUpload(id, image);
    const messageId = randomUUID();
    await service.reserve(alice, [id], messageId);
    await storage.messages.add({ id: messageId, senderId: alice, recipientId: bob, clientId: randomUUID(), body: "", sentAt: new Date() }, "request");
    expect((await service.open(alice, id, "thumbnail")).type).toBe("image/webp");
    // A request not accepted yet: the same answer as a missing file.
    await expect(service.open(bob, id, "original")).rejects.toMatchObject({ code: "not_found" });
    await storage.messages.accept(bob, alice);
    expect((await service.open(bob, id, "original")).type).toBe("image/png");
    blocked.add(`${alice}>${bob}`);
    await expect(service.open(bob, id, "original")).rejects.toMatchObject({ code: "not_found" });
    await expect(service.open(randomUUID(), id, "original")).rejects.toMatchObject({ code: "not_found" });
  });
});
