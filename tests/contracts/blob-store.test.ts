// The blob store's contract (lib/db/blobs/blob-store.ts): a folder, and an S3-compatible
// bucket on a local S3 server (s3rver).
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "@/lib/db/blobs/blob-store";
import { createFolderBlobStore } from "@/lib/db/blobs/folder-blob-store";
import { createS3BlobStore } from "@/lib/db/blobs/s3-blob-store";
import { localBucket } from "../s3-server";

const root = path.resolve(import.meta.dirname, "../..");
const folder = path.join(root, ".tmp", `blobs-${randomBytes(4).toString("hex")}`);

const kinds: { name: string; open: () => Promise<BlobStore> }[] = [
  { name: "folder", open: async () => createFolderBlobStore(folder) },
  { name: "S3", open: async () => createS3BlobStore({ ...(await localBucket()), prefix: "attachments/" }) },
];

const key = () => randomBytes(32).toString("hex");

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

for (const kind of kinds) {
  describe(`blob store (${kind.name})`, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await kind.open();
    });

    it("keeps bytes under a key and reads them back", async () => {
      const name = key();
      const bytes = randomBytes(200_000);
      expect(await store.exists(name)).toBe(false);
      expect(await store.read(name)).toBeNull();
      await store.put(name, bytes, "application/octet-stream");
      expect(await store.exists(name)).toBe(true);
      expect((await bytesOf(await store.read(name)))?.equals(bytes)).toBe(true);
    });

    it("keeps variants beside the content, and writing a key again replaces it", async () => {
      const name = key();
      await store.put(name, Buffer.from("one"), "text/plain");
      await store.put(`${name}.thumb`, Buffer.from("thumb"), "image/webp");
      await store.put(name, Buffer.from("one"), "text/plain");
      expect((await bytesOf(await store.read(`${name}.thumb`)))?.toString()).toBe("thumb");
      expect((await bytesOf(await store.read(name)))?.toString()).toBe("one");
    });

    it("removes keys, missing ones included", async () => {
      const name = key();
      await store.put(name, Buffer.from("gone"), "text/plain");
      await store.remove([name, `${name}.thumb`, key()]);
      expect(await store.exists(name)).toBe(false);
      await store.remove([]);
    });

    it("refuses keys that are not hashes (no way out of the folder or prefix)", async () => {
      await expect(store.put("../escape", Buffer.from("x"), "text/plain")).rejects.toThrow(/not a blob key/);
      await expect(store.read("a/b")).rejects.toThrow(/not a blob key/);
    });
  });
}
