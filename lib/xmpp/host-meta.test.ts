import { describe, expect, it } from "vitest";
import { hostMeta, isHostMetaRequest, websocketUrl } from "./host-meta";

describe("host-meta (XEP-0156)", () => {
  it("names the WebSocket endpoint of the site, wss behind https", () => {
    expect(websocketUrl("https://chat.example.org")).toBe("wss://chat.example.org/xmpp-websocket");
    expect(websocketUrl("http://localhost:3000")).toBe("ws://localhost:3000/xmpp-websocket");
  });

  it("says it in XRD and in JSON, at the two well-known paths only", () => {
    const url = "wss://chat.example.org/xmpp-websocket";
    expect(JSON.parse(hostMeta("jrd", url).body)).toEqual({ links: [{ rel: "urn:xmpp:alt-connections:websocket", href: url }] });
    expect(hostMeta("xrd", url).body).toContain(`<Link rel="urn:xmpp:alt-connections:websocket" href="${url}"/>`);
    expect(isHostMetaRequest("/.well-known/host-meta?x=1")).toBe(true);
    expect(isHostMetaRequest("/.well-known/host-meta.json")).toBe(true);
    expect(isHostMetaRequest("/.well-known/other")).toBe(false);
  });
});
