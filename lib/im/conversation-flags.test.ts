import { describe, expect, it } from "vitest";
import { MAX_PINNED_CONVERSATIONS } from "@/lib/protocol/im";
import { conversationFlags, planFlags } from "./conversation-flags";

const now = new Date("2026-12-06T10:00:00Z");
const plain = { pinnedAt: null, muted: false, markedUnread: false };

describe("planFlags", () => {
  it("stores only the marks that change", () => {
    expect(planFlags({ current: plain, request: { pinned: true, muted: false, markedUnread: true }, pinnedCount: 0, now })).toEqual({
      ok: true,
      flags: { pinnedAt: now, markedUnread: true },
    });
    expect(planFlags({ current: plain, request: { pinned: false, muted: false }, pinnedCount: 0, now })).toEqual({ ok: true, flags: {} });
  });

  it("keeps the time of a pin that is asked for again, and unpins", () => {
    const pinned = { ...plain, pinnedAt: new Date(0) };
    expect(planFlags({ current: pinned, request: { pinned: true }, pinnedCount: MAX_PINNED_CONVERSATIONS, now })).toEqual({ ok: true, flags: {} });
    expect(planFlags({ current: pinned, request: { pinned: false }, pinnedCount: 1, now })).toEqual({ ok: true, flags: { pinnedAt: null } });
  });

  it("refuses one pin beyond the limit, and then changes nothing else either", () => {
    expect(planFlags({ current: plain, request: { pinned: true }, pinnedCount: MAX_PINNED_CONVERSATIONS - 1, now }).ok).toBe(true);
    expect(planFlags({ current: plain, request: { pinned: true, muted: true }, pinnedCount: MAX_PINNED_CONVERSATIONS, now })).toEqual({
      ok: false,
      reason: "pin-limit",
    });
  });

  it("mutes and unmutes, marks and unmarks", () => {
    expect(planFlags({ current: plain, request: { muted: true }, pinnedCount: 0, now })).toEqual({ ok: true, flags: { muted: true } });
    const marked = { ...plain, muted: true, markedUnread: true };
    expect(planFlags({ current: marked, request: { muted: false, markedUnread: false }, pinnedCount: 0, now })).toEqual({
      ok: true,
      flags: { muted: false, markedUnread: false },
    });
  });
});

describe("conversationFlags", () => {
  it("shows a pin time as pinned", () => {
    expect(conversationFlags(plain)).toEqual({ pinned: false, muted: false, markedUnread: false });
    expect(conversationFlags({ pinnedAt: now, muted: true, markedUnread: true })).toEqual({ pinned: true, muted: true, markedUnread: true });
  });
});
