import { describe, expect, it } from "vitest";
import { type ChangeFacts, changeHidden, refuseReaction, refuseRewrite } from "./message-changes";

const DAY = 24 * 60 * 60 * 1000;
const facts = (overrides: Partial<ChangeFacts> = {}): ChangeFacts => ({
  own: true,
  retracted: false,
  sentAt: new Date(0),
  now: 1000,
  actorState: "accepted",
  ...overrides,
});

describe("message change rules", () => {
  it("edits own messages within 24 hours", () => {
    expect(refuseRewrite(facts(), "edit")).toBeNull();
    expect(refuseRewrite(facts({ now: DAY }), "edit")).toBeNull();
    expect(refuseRewrite(facts({ now: DAY + 1 }), "edit")?.message).toMatch(/24 hours/);
    expect(refuseRewrite(facts({ own: false }), "delete")?.message).toMatch(/your own/);
    expect(refuseRewrite(facts({ retracted: true }), "edit")?.code).toBe("forbidden");
  });
  it("reactions: not on a tombstone, not inside an unanswered request", () => {
    expect(refuseReaction(facts({ own: false, now: 10 * DAY }))).toBeNull();
    expect(refuseReaction(facts({ retracted: true }))).not.toBeNull();
    expect(refuseReaction(facts({ actorState: "request" }))?.message).toMatch(/Accept/);
  });
  it("hides changes from whoever a message would not reach", () => {
    expect(changeHidden("deliver")).toBe(false);
    expect(changeHidden("request")).toBe(false);
    expect(changeHidden("refuse-unknown")).toBe(true);
    expect(changeHidden("declined-silently")).toBe(true);
    expect(changeHidden("refuse-nobody")).toBe(true);
  });
});
