import { describe, expect, it } from "vitest";
import { archivePage, archiveRange } from "./archive-page";

describe("archive paging", () => {
  it("pages from the oldest when neither before nor after is given", () => {
    expect(archiveRange({ max: 10 })).toEqual({ afterSeq: undefined, beforeSeq: undefined, limit: 10, order: "asc" });
  });

  it("pages forwards after a message and backwards before one, or from the newest for an empty before", () => {
    expect(archiveRange({ afterSeq: 5, max: 3 })).toMatchObject({ afterSeq: 5, order: "asc" });
    expect(archiveRange({ beforeSeq: 9, max: 3 })).toMatchObject({ beforeSeq: 9, order: "desc" });
    expect(archiveRange({ beforeSeq: null, max: 3 })).toEqual({ afterSeq: undefined, beforeSeq: undefined, limit: 3, order: "desc" });
  });

  it("shows a backwards page oldest first, complete when nothing lies beyond it", () => {
    expect(archivePage({ messages: [9, 8, 7], hasMore: true }, "desc")).toEqual({ messages: [7, 8, 9], complete: false });
    expect(archivePage({ messages: [1, 2], hasMore: false }, "asc")).toEqual({ messages: [1, 2], complete: true });
  });
});
