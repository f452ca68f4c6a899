import xml from "@xmpp/xml";
import { describe, expect, it } from "vitest";
import { createStreamManagement, parseH } from "./stream-management";

const stanza = (id: string) => xml("message", { id });

describe("stream management bookkeeping (XEP-0198)", () => {
  it("drops what the client acknowledged, in order, and runs each stanza's delivery once", () => {
    const sm = createStreamManagement();
    const delivered: string[] = [];
    for (const id of ["a", "b", "c"]) sm.sent(stanza(id), () => delivered.push(id));
    expect(sm.ack(2)).toEqual({ ok: true });
    expect(delivered).toEqual(["a", "b"]);
    expect(sm.unacked().map((element) => element.attrs.id)).toEqual(["c"]);
    expect(sm.ack(2)).toEqual({ ok: true }); // the same h again changes nothing
    expect(delivered).toEqual(["a", "b"]);
  });

  it("refuses an h above what was sent, and changes nothing", () => {
    const sm = createStreamManagement();
    sm.sent(stanza("a"));
    expect(sm.ack(5)).toEqual({ ok: false, sent: 1 });
    expect(sm.unacked()).toHaveLength(1);
  });

  it("counts handled stanzas and wraps the counters at 2^32", () => {
    const sm = createStreamManagement();
    sm.handled();
    sm.handled();
    expect(sm.inbound).toBe(2);
    expect(parseH("4294967295")).toBe(0xffff_ffff);
    expect(parseH("4294967296")).toBeNull();
    expect(parseH("-1")).toBeNull();
    expect(parseH(undefined)).toBeNull();
  });
});
