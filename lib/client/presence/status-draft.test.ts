import { describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol";
import { draftFrom, editDraft, followMe, sameStatus, stopEditing } from "./status-draft";
import { view } from "@/lib/client/testing/presence-fixtures";

const me = (availability: "available" | "away" | "busy", note: string | null, version = 1): PresenceView =>
  view("alice", { version, status: { ...view("alice").status, availability, note } });

describe("followMe", () => {
  it("follows my status while the person is not editing", () => {
    const draft = followMe(draftFrom(me("available", null)), me("busy", "in a meeting", 2));
    expect(draft).toEqual({
      values: { availability: "busy", note: "in a meeting" },
      base: { availability: "busy", note: "in a meeting" },
      editing: false,
      changed: null,
    });
  });

  it("returns the same draft when only other parts of the view changed, so it can run every render", () => {
    const draft = draftFrom(me("away", "lunch"));
    const other = view("alice", { version: 9, displayName: "Alice A.", status: { ...me("away", "lunch").status, lastSeenAt: null } });
    expect(followMe(draft, other)).toBe(draft);
    const followed = followMe(draft, me("busy", null, 10));
    expect(followMe(followed, me("busy", null, 11))).toBe(followed);
  });

  it("keeps the person's edits when my status changes underneath, and says to what", () => {
    const editing = editDraft(draftFrom(me("available", null)), { note: "heads down" });
    const draft = followMe(editing, me("busy", "in a meeting", 2));
    expect(draft.values).toEqual({ availability: "available", note: "heads down" });
    expect(draft.changed).toEqual({ availability: "busy", note: "in a meeting" });
    expect(draft.editing).toBe(true);
    // Seen again (a re-render, another device tuple): still told, once.
    expect(followMe(draft, me("busy", "in a meeting", 3))).toBe(draft);
  });

  it("an edit of the expiry alone is editing too", () => {
    const draft = followMe(editDraft(draftFrom(me("away", "lunch"))), me("available", null, 2));
    expect(draft.values).toEqual({ availability: "away", note: "lunch" });
    expect(draft.changed).toEqual({ availability: "available", note: "" });
  });

  it("is in step again when my status becomes what they typed (their own Set status landing)", () => {
    const editing = editDraft(draftFrom(me("available", null)), { availability: "busy", note: "focus  " });
    const landed = followMe(editing, me("busy", "focus", 2));
    expect(landed).toEqual({
      values: { availability: "busy", note: "focus  " },
      base: { availability: "busy", note: "focus" },
      editing: false,
      changed: null,
    });
    // ...so the next change elsewhere is followed.
    expect(followMe(landed, me("away", null, 3)).values).toEqual({ availability: "away", note: "" });
  });

  it("after a change was shown, setting theirs anyway puts the form in step", () => {
    const told = followMe(editDraft(draftFrom(me("available", null)), { note: "mine" }), me("busy", "theirs", 2));
    const set = followMe(told, me("available", "mine", 3));
    expect(set.changed).toBeNull();
    expect(set.editing).toBe(false);
  });

  it("follows a clear the person asked for, whatever the fields said", () => {
    const editing = editDraft(draftFrom(me("busy", "old")), { note: "half typed" });
    expect(followMe(stopEditing(editing), me("available", null, 2)).values).toEqual({ availability: "available", note: "" });
  });
});

describe("sameStatus", () => {
  it("compares as the server stores: trimmed, empty is none", () => {
    expect(sameStatus({ availability: "away", note: " x " }, { availability: "away", note: "x" })).toBe(true);
    expect(sameStatus({ availability: "away", note: "" }, { availability: "busy", note: "" })).toBe(false);
  });
});
