import { describe, expect, it } from "vitest";
import { offline, view } from "@/lib/client/testing/presence-fixtures";
import { availabilityOfShow, presenceOfView } from "./presence-map";

const status = (availability: "available" | "away" | "busy" | null, note: string | null) => ({
  basic: "open" as const,
  availability,
  note,
  expiresAt: null,
  lastSeenAt: null,
});

describe("presenceOfView", () => {
  it("shows availability as show (none for available) and the note as status", () => {
    expect(presenceOfView(view("a", { status: status("available", "hi") }))).toEqual({ available: true, show: null, status: "hi" });
    expect(presenceOfView(view("a", { status: status("away", null) }))).toEqual({ available: true, show: "away", status: null });
    expect(presenceOfView(view("a", { status: status("busy", "meeting") }))).toEqual({ available: true, show: "dnd", status: "meeting" });
  });

  it("sends a limited view (no availability, no note) as bare available presence", () => {
    expect(presenceOfView(view("a", { access: "limited", status: status(null, null) }))).toEqual({ available: true, show: null, status: null });
  });

  it("sends a closed or unknown status (offline, hidden, polite-blocked) as unavailable without show", () => {
    expect(presenceOfView(offline(view("a")))).toEqual({ available: false, show: null, status: null });
    expect(presenceOfView(view("a", { status: { ...status("busy", null), basic: null } }))).toMatchObject({ available: false, show: null });
  });
});

describe("availabilityOfShow", () => {
  it("maps away and xa to away, dnd to busy, chat and none to available", () => {
    expect(availabilityOfShow("away")).toBe("away");
    expect(availabilityOfShow("xa")).toBe("away");
    expect(availabilityOfShow("dnd")).toBe("busy");
    expect(availabilityOfShow("chat")).toBe("available");
    expect(availabilityOfShow(undefined)).toBe("available");
  });
});
