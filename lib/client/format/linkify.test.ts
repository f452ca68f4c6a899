import { describe, expect, it } from "vitest";
import { linkify } from "./linkify";

describe("linkify", () => {
  it("leaves text without links as one text part", () => {
    expect(linkify("hello there")).toEqual([{ type: "text", text: "hello there" }]);
    expect(linkify("")).toEqual([]);
  });

  it("splits text around http and https links", () => {
    expect(linkify("see https://example.com/a?b=1#c and http://test.org too")).toEqual([
      { type: "text", text: "see " },
      { type: "link", text: "https://example.com/a?b=1#c", href: "https://example.com/a?b=1#c" },
      { type: "text", text: " and " },
      { type: "link", text: "http://test.org", href: "http://test.org/" },
      { type: "text", text: " too" },
    ]);
  });

  it("keeps sentence punctuation out of the link", () => {
    expect(linkify("Look: https://example.com/page.")).toEqual([
      { type: "text", text: "Look: " },
      { type: "link", text: "https://example.com/page", href: "https://example.com/page" },
      { type: "text", text: "." },
    ]);
    expect(linkify("https://example.com/x?!")[0]).toMatchObject({ text: "https://example.com/x" });
  });

  it("keeps a closing bracket only when the link opened one", () => {
    expect(linkify("(see https://example.com/a_(b))")).toEqual([
      { type: "text", text: "(see " },
      { type: "link", text: "https://example.com/a_(b)", href: "https://example.com/a_(b)" },
      { type: "text", text: ")" },
    ]);
    expect(linkify("[https://example.com]")[1]).toMatchObject({ text: "https://example.com" });
  });

  it("never links other schemes", () => {
    for (const body of ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.com/file", "mailto:a@b.c"]) {
      expect(linkify(body)).toEqual([{ type: "text", text: body }]);
    }
  });

  it("does not link a scheme glued to a word, or one without a host", () => {
    expect(linkify("xhttps://example.com")).toEqual([{ type: "text", text: "xhttps://example.com" }]);
    expect(linkify("https:// nothing")).toEqual([{ type: "text", text: "https:// nothing" }]);
  });

  it("accepts any case in the scheme", () => {
    expect(linkify("HTTPS://Example.COM/Path")).toEqual([
      { type: "link", text: "HTTPS://Example.COM/Path", href: "https://example.com/Path" },
    ]);
  });

  it("stops a link at markup characters, which stay text", () => {
    expect(linkify('https://example.com/<script>alert("x")</script>')).toEqual([
      { type: "link", text: "https://example.com/", href: "https://example.com/" },
      { type: "text", text: '<script>alert("x")</script>' },
    ]);
  });

  it("keeps line breaks in the text parts", () => {
    expect(linkify("one\nhttps://a.example\ntwo")).toEqual([
      { type: "text", text: "one\n" },
      { type: "link", text: "https://a.example", href: "https://a.example/" },
      { type: "text", text: "\ntwo" },
    ]);
  });
});
