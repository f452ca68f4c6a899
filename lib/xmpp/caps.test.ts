import { describe, expect, it } from "vitest";
import { serverVer } from "./handlers/disco";
import { verificationString } from "./caps";

describe("entity capabilities (XEP-0115)", () => {
  it("hashes the specification's simple example (§5.2) to its published ver", () => {
    const ver = verificationString(
      [{ category: "client", type: "pc", name: "Exodus 0.9.1" }],
      ["http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/muc", "http://jabber.org/protocol/caps"],
    );
    expect(ver).toBe("QgayPKawpkPSDYmwT/WM94uAlu0=");
  });

  it("does not depend on the order features are listed in", () => {
    const identity = [{ category: "server", type: "im" }];
    expect(verificationString(identity, ["b", "a"])).toBe(verificationString(identity, ["a", "b"]));
    expect(verificationString(identity, ["a"])).not.toBe(verificationString(identity, ["a", "b"]));
    expect(serverVer()).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });
});
