import xml from "@xmpp/xml";
import { describe, expect, it } from "vitest";
import { nickElement, requestedDisplayName, vcardElement } from "./vcard";

const card = (...fields: [string, string][]) => xml("vCard", { xmlns: "vcard-temp" }, ...fields.map(([name, text]) => xml(name, {}, text)));

describe("vcardElement", () => {
  it("carries the display name as FN and NICKNAME and the address as JABBERID, escaped", () => {
    const element = vcardElement({ username: "ann", displayName: "Ann <& Co>" }, "example.org");
    expect(element.attrs.xmlns).toBe("vcard-temp");
    expect(element.getChildText("FN")).toBe("Ann <& Co>");
    expect(element.getChildText("NICKNAME")).toBe("Ann <& Co>");
    expect(element.getChildText("JABBERID")).toBe("ann@example.org");
    expect(element.toString()).toContain("<FN>Ann &lt;&amp; Co&gt;</FN>");
  });
});

describe("requestedDisplayName", () => {
  it("reads FN first, then NICKNAME, trimmed", () => {
    expect(requestedDisplayName(card(["NICKNAME", "annie"], ["FN", "  Ann Example "]))).toBe("Ann Example");
    expect(requestedDisplayName(card(["FN", "   "], ["NICKNAME", "annie"]))).toBe("annie");
  });

  it("is empty for a card without either (a photo only, or nothing)", () => {
    expect(requestedDisplayName(card(["PHOTO", "…"]))).toBe("");
    expect(requestedDisplayName(card())).toBe("");
  });
});

describe("nickElement", () => {
  it("is XEP-0172's nick", () => {
    expect(nickElement("Ann").toString()).toBe('<nick xmlns="http://jabber.org/protocol/nick">Ann</nick>');
  });
});
