// Presence views and contacts for the client's unit tests.
import type { Contact, PresenceView } from "@/lib/protocol";

export function view(username: string, overrides: Partial<PresenceView> = {}): PresenceView {
  return {
    username,
    displayName: username,
    version: 1,
    access: "full",
    status: { basic: "open", availability: "available", note: null, expiresAt: null, lastSeenAt: null },
    tuples: [],
    ...overrides,
  };
}

export function offline(presence: PresenceView): PresenceView {
  return { ...presence, status: { ...presence.status, basic: "closed", availability: null, lastSeenAt: "2026-01-01T00:00:00.000Z" } };
}

export function contact(username: string, overrides: Partial<Contact> = {}): Contact {
  return {
    username,
    displayName: username,
    subscription: "active",
    watchesMe: true,
    groupIds: [],
    presence: view(username),
    ...overrides,
  };
}
