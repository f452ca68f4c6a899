import { describe, expect, it } from "vitest";
import { presenceSummary } from "./presence-display";
import { offline, view } from "@/lib/client/testing/presence-fixtures";

describe("presenceSummary", () => {
  it("names each availability in words", () => {
    for (const [availability, label] of [
      ["available", "Available"],
      ["away", "Away"],
      ["busy", "Busy"],
    ] as const) {
      expect(presenceSummary(view("bob", { status: { ...view("bob").status, availability } }))).toEqual({
        tone: availability,
        label,
      });
    }
  });

  it("is Offline when closed, Online for a limited view, and Not shared without a status", () => {
    expect(presenceSummary(offline(view("bob")))).toEqual({ tone: "offline", label: "Offline" });
    expect(presenceSummary(view("bob", { access: "limited", status: { ...view("bob").status, availability: null } }))).toEqual({
      tone: "available",
      label: "Online",
    });
    expect(presenceSummary(view("bob", { status: { ...view("bob").status, basic: null, availability: null } }))).toEqual({
      tone: "unknown",
      label: "Not shared",
    });
  });
});
