import { describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol/presence";
import { bareView, contactsOf, makeSchedule, shapeProblem, usernameOf } from "./workload";

const shape = { clients: 2000, contacts: 50 };

describe("the ring of contacts", () => {
  it("gives each user i±1…i±25, wrapping around, without repeats", () => {
    const contacts = contactsOf(0, shape);
    expect(contacts).toHaveLength(50);
    expect(new Set(contacts).size).toBe(50);
    expect(contacts).toEqual(expect.arrayContaining([1, 25, 1999, 1975]));
    expect(contacts).not.toContain(0);
    expect(contacts).not.toContain(26);
  });

  it("is symmetric: i's contacts are exactly the users that have i as a contact", () => {
    const small = { clients: 30, contacts: 6 };
    for (let user = 0; user < small.clients; user++) {
      const watchers = Array.from({ length: small.clients }, (_, other) => other).filter((other) =>
        contactsOf(other, small).includes(user),
      );
      expect(watchers.sort((a, b) => a - b)).toEqual(contactsOf(user, small).sort((a, b) => a - b));
    }
  });

  it("refuses shapes where a contact would be counted twice", () => {
    expect(shapeProblem(shape)).toBeNull();
    expect(shapeProblem({ clients: 50, contacts: 50 })).toMatch(/smaller/);
    expect(shapeProblem({ clients: 100, contacts: 5 })).toMatch(/even/);
  });
});

describe("the schedule", () => {
  const options = { ...shape, changes: 200, minGapMs: 20, maxGapMs: 50, seed: 7 };

  it("is reproducible from its seed", () => {
    expect(makeSchedule(options)).toEqual(makeSchedule(options));
    expect(makeSchedule({ ...options, seed: 8 })).not.toEqual(makeSchedule(options));
  });

  it("paces changes within the gap bounds, with unique notes of one length", () => {
    const schedule = makeSchedule(options);
    schedule.slice(1).forEach((change, index) => {
      const gap = change.offsetMs - schedule[index]!.offsetMs;
      expect(gap).toBeGreaterThanOrEqual(20 - 0.001);
      expect(gap).toBeLessThanOrEqual(50 + 0.001);
    });
    expect(new Set(schedule.map((change) => change.note)).size).toBe(200);
    expect(new Set(schedule.map((change) => change.note.length)).size).toBe(1);
    expect(schedule.every((change) => change.username === usernameOf(change.sender, shape.clients))).toBe(true);
  });
});

describe("bareView", () => {
  it("re-labels a captured view without changing its encoded size", () => {
    const template: PresenceView = {
      username: "u0042",
      displayName: "u0042",
      version: 1_764_000_000_000,
      access: "full",
      status: { basic: "open", availability: "busy", note: "bench 00000 abcdefghijklmnopqrstuvwx", expiresAt: null, lastSeenAt: null },
      tuples: [
        { id: "7a0b7d5e-0000-4000-8000-000000000000", kind: "device", status: "open", contact: "im:u0042", means: "im", label: "Unknown device", availability: "busy", idle: false, since: "2026-11-25T00:00:00.000Z" },
      ],
    };
    const view = bareView(template, "u1999", "bench 00199 zyxwvutsrqponmlkjihgfedc");
    expect(view).toMatchObject({ username: "u1999", displayName: "u1999", status: { note: "bench 00199 zyxwvutsrqponmlkjihgfedc" } });
    expect(view.tuples[0]!.contact).toBe("im:u1999");
    expect(JSON.stringify(view).length).toBe(JSON.stringify(template).length);
  });
});
