import { describe, expect, it } from "vitest";
import type { DeviceTuple, PresenceDocument, UserTuple } from "../document";
import type { AccessDecision, ViewAction } from "./evaluate-access";
import { contactUri, renderView } from "./render-view";

const T0 = Date.parse("2025-03-01T10:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

const laptop: DeviceTuple = { id: "dev-laptop", label: "Firefox on Linux", idle: false, since: T0 + 1_000 };
const phone: DeviceTuple = { id: "dev-phone", label: "Safari on iOS", idle: true, since: T0 + 2_000 };
const tel: UserTuple = { id: "t-tel", means: "tel", address: "+1 (555) 010-0.99", label: "Mobile", status: "open" };
const mail: UserTuple = { id: "t-mail", means: "mailto", address: "alice@example.org", label: null, status: "closed" };
const site: UserTuple = { id: "t-site", means: "https", address: "https://alice.example.org/", label: "Blog", status: "open" };

function doc(overrides: Partial<PresenceDocument> = {}): PresenceDocument {
  return {
    userId: "u-alice",
    username: "alice",
    displayName: "Alice A.",
    version: 7,
    availability: "available",
    note: "In a meeting",
    statusExpiresAt: T0 + 3_600_000,
    userTuples: [tel, mail, site],
    devices: [laptop, phone],
    lastSeenAt: null,
    updatedAt: T0 + 500,
    ...overrides,
  };
}

const decide = (action: ViewAction, more: Partial<AccessDecision> = {}): AccessDecision => ({
  action,
  hiddenTupleIds: [],
  hideLastSeen: false,
  ...more,
});

const offline = { devices: [], lastSeenAt: T0 - 60_000 } satisfies Partial<PresenceDocument>;

describe("renderView — limited", () => {
  it("shows open while online, and nothing else", () => {
    expect(renderView(doc(), decide("limited"))).toEqual({
      username: "alice",
      displayName: "Alice A.",
      access: "limited",
      status: { basic: "open", availability: null, note: null, expiresAt: null, lastSeenAt: null },
      tuples: [],
    });
  });

  it("shows closed while offline, without last seen", () => {
    const view = renderView(doc(offline), decide("limited"));
    expect(view.status).toEqual({ basic: "closed", availability: null, note: null, expiresAt: null, lastSeenAt: null });
    expect(view.tuples).toEqual([]);
  });
});

describe("renderView — polite-block", () => {
  const politeView = renderView(doc(), decide("polite-block"));

  it("appears closed with full access and nothing shown, even while online with a note and tuples", () => {
    expect(politeView).toEqual({
      username: "alice",
      displayName: "Alice A.",
      access: "full",
      status: { basic: "closed", availability: null, note: null, expiresAt: null, lastSeenAt: null },
      tuples: [],
    });
  });

  it("is indistinguishable from an allowed view of an offline contact who shows nothing", () => {
    const offlineNothingShown = doc({
      devices: [],
      userTuples: [],
      note: null,
      statusExpiresAt: null,
      lastSeenAt: T0 - 60_000,
    });
    expect(renderView(offlineNothingShown, decide("allow", { hideLastSeen: true }))).toEqual(politeView);
  });

  it("is the same whatever the presentity does", () => {
    const changed = doc({ availability: "busy", note: "other", devices: [phone], userTuples: [], lastSeenAt: 1 });
    expect(renderView(changed, decide("polite-block"))).toEqual(politeView);
  });
});

describe("renderView — allow", () => {
  it("shows the aggregate status, note and expiry of an online presentity", () => {
    expect(renderView(doc(), decide("allow")).status).toEqual({
      basic: "open",
      availability: "available",
      note: "In a meeting",
      expiresAt: iso(T0 + 3_600_000),
      lastSeenAt: null,
    });
  });

  it("lists devices first, as open im tuples addressed im:<username>, then user tuples in order", () => {
    const view = renderView(doc(), decide("allow"));
    expect(view.access).toBe("full");
    expect(view.tuples.map((tuple) => tuple.id)).toEqual(["dev-laptop", "dev-phone", "t-tel", "t-mail", "t-site"]);
    expect(view.tuples[0]).toEqual({
      id: "dev-laptop",
      kind: "device",
      status: "open",
      contact: "im:alice",
      means: "im",
      label: "Firefox on Linux",
      availability: "available",
      idle: false,
      since: iso(T0 + 1_000),
    });
    expect(view.tuples[1]).toMatchObject({ id: "dev-phone", contact: "im:alice", availability: "away", idle: true });
  });

  it("reports busy on every device when the person chose busy, idle or not", () => {
    const view = renderView(doc({ availability: "busy" }), decide("allow"));
    const devices = view.tuples.filter((tuple) => tuple.kind === "device");
    expect(devices.map((tuple) => tuple.availability)).toEqual(["busy", "busy"]);
    expect(view.status.availability).toBe("busy");
  });

  it("renders user tuples with their contact URI, label, status and the document's update time", () => {
    const view = renderView(doc(), decide("allow"));
    expect(view.tuples.slice(2)).toEqual([
      {
        id: "t-tel",
        kind: "user",
        status: "open",
        contact: "tel:+1555010099",
        means: "tel",
        address: "+1 (555) 010-0.99",
        label: "Mobile",
        since: iso(T0 + 500),
      },
      {
        id: "t-mail",
        kind: "user",
        status: "closed",
        contact: "mailto:alice@example.org",
        means: "mailto",
        address: "alice@example.org",
        label: null,
        since: iso(T0 + 500),
      },
      {
        id: "t-site",
        kind: "user",
        status: "open",
        contact: "https://alice.example.org/",
        means: "https",
        address: "https://alice.example.org/",
        label: "Blog",
        since: iso(T0 + 500),
      },
    ]);
  });

  it("leaves out the user tuples hidden from this watcher", () => {
    const view = renderView(doc(), decide("allow", { hiddenTupleIds: ["t-mail", "t-tel"] }));
    expect(view.tuples.map((tuple) => tuple.id)).toEqual(["dev-laptop", "dev-phone", "t-site"]);
  });

  it("shows last seen of an offline presentity, and no device tuples", () => {
    const view = renderView(doc(offline), decide("allow"));
    expect(view.status).toMatchObject({ basic: "closed", availability: null, lastSeenAt: iso(T0 - 60_000) });
    expect(view.tuples.every((tuple) => tuple.kind === "user")).toBe(true);
  });

  it("hides last seen when the decision says so", () => {
    const view = renderView(doc(offline), decide("allow", { hideLastSeen: true }));
    expect(view.status.basic).toBe("closed");
    expect(view.status.lastSeenAt).toBeNull();
  });

  it("shows no expiry when the status never expires", () => {
    expect(renderView(doc({ statusExpiresAt: null }), decide("allow")).status.expiresAt).toBeNull();
  });
});

describe("renderView — block", () => {
  it("refuses to render: a blocked watcher must be told the account does not exist", () => {
    expect(() => renderView(doc(), decide("block"))).toThrow(/blocked/);
  });
});

describe("contactUri", () => {
  it("strips spaces and punctuation from phone numbers, keeping the leading +", () => {
    expect(contactUri({ means: "tel", address: "+1 555 0100" })).toBe("tel:+15550100");
    expect(contactUri({ means: "tel", address: "+44 (20) 7946-0958" })).toBe("tel:+442079460958");
    expect(contactUri({ means: "tel", address: "030/123.456" })).toBe("tel:030123456");
  });

  it("prefixes email addresses with mailto: and Jabber IDs with xmpp:", () => {
    expect(contactUri({ means: "mailto", address: "bob@example.com" })).toBe("mailto:bob@example.com");
    expect(contactUri({ means: "xmpp", address: "bob@jabber.example.org" })).toBe("xmpp:bob@jabber.example.org");
  });

  it("keeps web addresses and free text as written", () => {
    expect(contactUri({ means: "https", address: "https://example.org/~bob?x=1" })).toBe("https://example.org/~bob?x=1");
    expect(contactUri({ means: "text", address: "Room 4.12, 2nd floor" })).toBe("Room 4.12, 2nd floor");
  });
});
