// Where attachments' bytes live, by key (a content hash, or a hash and a variant): a folder
// under the data folder by default (folder-blob-store.ts), an S3-compatible bucket when
// configured (s3-blob-store.ts). tests/contracts/blob-store.test.ts holds both to this contract.
import type { Readable } from "node:stream";

export interface BlobStore {
  /** Stores the bytes under a key (writing the same key again replaces them: same content). */
  put(key: string, bytes: Buffer, type: string): Promise<void>;
  /** The bytes as a stream, or null when there is nothing under the key. */
  read(key: string): Promise<Readable | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the keys; a missing one is no error. */
  remove(keys: string[]): Promise<void>;
}

/** Keys are hex hashes with an optional `.variant`: nothing that could leave the folder or bucket prefix. */
export function checkKey(key: string): string {
  if (!/^[0-9a-f]{64}(\.[a-z]{1,16})?$/.test(key)) throw new Error(`not a blob key: ${key}`);
  return key;
}
