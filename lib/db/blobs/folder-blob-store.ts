// Blobs as files in a folder (DATA_DIR/attachments by default), fanned out by the key's first
// two characters. Written to a temporary name and renamed, so a reader never sees half a file.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { type BlobStore, checkKey } from "./blob-store";

export function createFolderBlobStore(folder: string): BlobStore {
  const fileOf = (key: string) => path.join(folder, checkKey(key).slice(0, 2), key);
  const present = async (file: string) => (await stat(file).catch(() => null))?.isFile() ?? false;
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, file);
    },
    async read(key) {
      const file = fileOf(key);
      return (await present(file)) ? createReadStream(file) : null;
    },
    exists(key) {
      return present(fileOf(key));
    },
    async remove(keys) {
      await Promise.all(keys.map((key) => rm(fileOf(key), { force: true })));
    },
  };
}
