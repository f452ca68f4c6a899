import { describe, expect, it } from "vitest";
import { attachmentSummary } from "./attachment-summary";

describe("attachmentSummary", () => {
  it("names pictures and files where only text fits", () => {
    expect(attachmentSummary([])).toBe("");
    expect(attachmentSummary([{ kind: "image" }])).toBe("Picture");
    expect(attachmentSummary([{ kind: "image" }, { kind: "image" }])).toBe("2 pictures");
    expect(attachmentSummary([{ kind: "file" }])).toBe("File");
    expect(attachmentSummary([{ kind: "image" }, { kind: "file" }])).toBe("2 files");
  });
});
