import { describe, expect, it } from "vitest";
import { XmlStreamParser } from "./xml-parser";

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

/** Feeds the chunks one by one and records what the parser said. */
function read(...chunks: string[]) {
  const parser = new XmlStreamParser();
  const said: string[] = [];
  const stanzas: string[] = [];
  parser.on("start", (header) => said.push(`start ${header.name} to=${header.attrs.to}`));
  parser.on("element", (element) => (said.push(`element ${element.name}`), stanzas.push(element.toString())));
  parser.on("end", () => said.push("end"));
  parser.on("error", (condition) => said.push(`error ${condition}`));
  for (const chunk of chunks) parser.write(chunk);
  return { said, stanzas };
}

describe("XmlStreamParser", () => {
  it("reads the header, then each top-level stanza whole, across chunk boundaries, then the end", () => {
    const { said, stanzas } = read(
      HEADER.slice(0, 30),
      HEADER.slice(30),
      "<message to='bob@localhost' type='chat'><bo",
      "dy>a &amp; b &#x263A; <![CDATA[<raw>]]></body></message> ",
      "<presence/>",
      "</stream:stream>",
    );
    expect(said).toEqual(["start stream:stream to=localhost", "element message", "element presence", "end"]);
    expect(stanzas[0]).toBe("<message to=\"bob@localhost\" type=\"chat\"><body>a &amp; b ☺ &lt;raw&gt;</body></message>");
  });

  it("keeps nested children and attributes with prefixes", () => {
    const { stanzas } = read(HEADER, "<iq type='get' id='1'><query xmlns='jabber:iq:roster'><item jid='a@b' xml:lang='en'/></query></iq>");
    expect(stanzas).toEqual(["<iq type=\"get\" id=\"1\"><query xmlns=\"jabber:iq:roster\"><item jid=\"a@b\" xml:lang=\"en\"/></query></iq>"]);
  });

  it("refuses a comment, a processing instruction, a DTD and an undefined entity with restricted-xml", () => {
    expect(read(HEADER, "<!-- hi --><presence/>").said).toEqual(["start stream:stream to=localhost", "error restricted-xml"]);
    expect(read(HEADER, "<message><?php echo 1 ?></message><presence/>").said).toEqual(["start stream:stream to=localhost", "error restricted-xml"]);
    expect(read("<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><stream:stream to='x'>").said).toEqual(["error restricted-xml"]);
    expect(read(HEADER, "<message><body>&lol;</body></message>").said).toEqual(["start stream:stream to=localhost", "error restricted-xml"]);
    // What came before, whole, was read.
    expect(read(HEADER, "<presence/><!-- hi -->").said).toEqual(["start stream:stream to=localhost", "element presence", "error restricted-xml"]);
  });

  it("refuses broken XML with not-well-formed and reads nothing after it", () => {
    expect(read(HEADER, "<message></presence><presence/>").said).toEqual(["start stream:stream to=localhost", "error not-well-formed"]);
    expect(read(HEADER, "<message a='1' a='2'/>").said).toEqual(["start stream:stream to=localhost", "error not-well-formed"]);
    expect(read(HEADER, "<message><body>a < b</body></message>").said).toEqual(["start stream:stream to=localhost", "error not-well-formed"]);
  });
});
