import { describe, expect, it } from "vitest";
import { hearsOfChange, messageVisibility, seqInRange, typingReaches } from "./visibility";

const base = { systemLine: false, viewerIsSender: false, viewerBlocksSender: false, senderBlocksViewer: false };

describe("messageVisibility", () => {
  it("shows a message from someone neither side blocks", () => {
    expect(messageVisibility(base)).toBe("shown");
  });

  it("collapses a message from someone the viewer blocks", () => {
    expect(messageVisibility({ ...base, viewerBlocksSender: true })).toBe("hidden");
  });

  it("leaves out a message from someone who blocks the viewer, also when the viewer blocks them too", () => {
    expect(messageVisibility({ ...base, senderBlocksViewer: true })).toBe("omitted");
    expect(messageVisibility({ ...base, senderBlocksViewer: true, viewerBlocksSender: true })).toBe("omitted");
  });

  it("shows system lines and one's own messages whatever the blocks", () => {
    expect(messageVisibility({ ...base, systemLine: true, senderBlocksViewer: true, viewerBlocksSender: true })).toBe("shown");
    expect(messageVisibility({ ...base, viewerIsSender: true, senderBlocksViewer: true })).toBe("shown");
  });
});

describe("typingReaches", () => {
  it("goes only where neither blocks the other", () => {
    expect(typingReaches({ viewerBlocksTypist: false, typistBlocksViewer: false })).toBe(true);
    expect(typingReaches({ viewerBlocksTypist: true, typistBlocksViewer: false })).toBe(false);
    expect(typingReaches({ viewerBlocksTypist: false, typistBlocksViewer: true })).toBe(false);
  });
});

describe("seqInRange", () => {
  it("covers the entry line up to the exit line, above the cleared mark", () => {
    const range = { fromSeq: 10, untilSeq: 20, clearedSeq: 12 };
    expect([9, 10, 12, 13, 20, 21].map((seq) => seqInRange(range, seq))).toEqual([false, false, false, true, true, false]);
    expect(seqInRange({ fromSeq: 10, untilSeq: null, clearedSeq: 0 }, 1000)).toBe(true);
  });
});

describe("hearsOfChange", () => {
  const base = { viewerIsActor: false, viewerBlocksActor: false, actorBlocksViewer: false };
  it("tells the actor always, and others of a reaction only where neither blocks the other", () => {
    expect(hearsOfChange({ ...base, kind: "react" })).toBe(true);
    expect(hearsOfChange({ ...base, kind: "react", viewerBlocksActor: true })).toBe(false);
    expect(hearsOfChange({ ...base, kind: "react", actorBlocksViewer: true })).toBe(false);
    expect(hearsOfChange({ ...base, kind: "react", viewerIsActor: true, viewerBlocksActor: true, actorBlocksViewer: true })).toBe(true);
  });
  it("leaves edits and deletions to the message's own visibility", () => {
    expect(hearsOfChange({ ...base, kind: "edit", viewerBlocksActor: true })).toBe(true);
    expect(hearsOfChange({ ...base, kind: "retract", actorBlocksViewer: true })).toBe(true);
  });
});
