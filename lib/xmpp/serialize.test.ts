import xml from "@xmpp/xml";
import { describe, expect, it } from "vitest";
import { XmlStreamParser } from "./xml-parser";
import { serialize } from "./serialize";

describe("serialize", () => {
  it("writes attributes in single quotes, leaves out unset ones, and closes empty elements", () => {
    const stanza = xml("iq", { type: "result", id: "bind", to: undefined }, xml("bind", { xmlns: "urn:ietf:params:xml:ns:xmpp-bind" }));
    expect(serialize(stanza)).toBe("<iq type='result' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
  });

  it("escapes quotes in attributes and markup in text, so the stanza reads back the same", () => {
    const stanza = xml("presence", { from: `o'brien"@x` }, xml("status", {}, `<b> & 'quotes' "too"`));
    const text = serialize(stanza);
    expect(text).toBe(`<presence from='o&apos;brien&quot;@x'><status>&lt;b&gt; &amp; 'quotes' "too"</status></presence>`);
    const parser = new XmlStreamParser();
    const read: string[] = [];
    parser.on("element", (element) => read.push(`${element.attrs.from}|${element.getChildText("status")}`));
    parser.write(`<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>${text}`);
    expect(read).toEqual([`o'brien"@x|<b> & 'quotes' "too"`]);
  });
});
