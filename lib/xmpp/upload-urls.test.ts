import { describe, expect, it } from "vitest";
import { parseSlotPath, slotsIn, slotUrl } from "./upload-urls";

const SECRET = "a secret of at least thirty-two characters";
const ORIGIN = "https://chat.example.org";

describe("XEP-0363 slot URLs", () => {
  it("names the upload back only with the right token", () => {
    const url = slotUrl(ORIGIN, SECRET, "owner-1", "upload-1", "../holiday photo.jpg");
    expect(url).toMatch(/^https:\/\/chat\.example\.org\/xmpp-files\/owner-1\/upload-1\/[\w-]{32}\/holiday%20photo\.jpg$/);
    const path = url.slice(ORIGIN.length);
    expect(parseSlotPath(SECRET, path)).toEqual({ ownerId: "owner-1", uploadId: "upload-1" });
    expect(parseSlotPath("another secret of thirty-two characters!!", path)).toBeNull();
    expect(parseSlotPath(SECRET, path.replace("upload-1", "upload-2"))).toBeNull();
    expect(parseSlotPath(SECRET, "/xmpp-files/owner-1/upload-1")).toBeNull();
  });

  it("finds this server's slots in a message, not look-alikes", () => {
    const url = slotUrl(ORIGIN, SECRET, "o", "u", "a.png");
    const text = `look ${url} and https://elsewhere.example/xmpp-files/o/u/x/a.png`;
    expect(slotsIn(text, ORIGIN, SECRET)).toEqual([{ ownerId: "o", uploadId: "u", url }]);
  });
});
