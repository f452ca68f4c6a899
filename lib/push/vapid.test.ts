import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { vapidKeys } from "./vapid";

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "vapid-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const subject = "mailto:admin@example.org";

describe("vapidKeys", () => {
  it("generates a key pair once into the data folder and reuses it", () => {
    const dir = dataDir();
    const first = vapidKeys({ DATA_DIR: dir, VAPID_SUBJECT: subject });
    expect(first.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(first.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.subject).toBe(subject);
    expect(vapidKeys({ DATA_DIR: dir, VAPID_SUBJECT: subject })).toEqual(first);
    const file = path.join(dir, "vapid-keys.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ publicKey: first.publicKey, privateKey: first.privateKey });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("uses configured keys and writes nothing", () => {
    const dir = path.join(dataDir(), "unused");
    const keys = vapidKeys({ DATA_DIR: dir, VAPID_PUBLIC_KEY: "P".repeat(87), VAPID_PRIVATE_KEY: "p".repeat(43), VAPID_SUBJECT: subject });
    expect(keys).toEqual({ publicKey: "P".repeat(87), privateKey: "p".repeat(43), subject });
    expect(() => statSync(dir)).toThrow();
  });
});
