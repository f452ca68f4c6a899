import { describe, expect, it } from "vitest";
import { ACCEPT_FROM } from "@/lib/protocol/im";
import {
  type ConversationState,
  type DeliveryFacts,
  deliveryNotice,
  evaluateDelivery,
  fromStranger,
  shouldNotify,
} from "./delivery";

/** A stranger's first message to an inbox with the default rules, unless told otherwise. */
const facts = (over: Partial<DeliveryFacts> = {}): DeliveryFacts => ({
  blocked: false,
  acceptFrom: "everyone",
  senderIsContact: false,
  conversationState: null,
  ...over,
});
const STATES: (ConversationState | null)[] = [null, "request", "accepted", "declined"];

describe("evaluateDelivery", () => {
  it("puts a non-contact's first message into message requests", () => {
    expect(evaluateDelivery(facts())).toBe("request");
  });

  it("keeps a pending request a request", () => {
    expect(evaluateDelivery(facts({ conversationState: "request" }))).toBe("request");
  });

  it("delivers into a conversation the owner accepted", () => {
    expect(evaluateDelivery(facts({ conversationState: "accepted" }))).toBe("deliver");
  });

  it("stores a declined conversation's messages without showing them", () => {
    expect(evaluateDelivery(facts({ conversationState: "declined" }))).toBe("declined-silently");
  });

  it("delivers a contact's message whatever the conversation's state", () => {
    for (const conversationState of STATES) {
      expect(evaluateDelivery(facts({ senderIsContact: true, conversationState })), String(conversationState)).toBe("deliver");
    }
  });

  it("refuses a blocked sender exactly like an unknown address, whatever else is true", () => {
    for (const acceptFrom of ACCEPT_FROM) {
      for (const senderIsContact of [false, true]) {
        for (const conversationState of STATES) {
          expect(evaluateDelivery(facts({ blocked: true, acceptFrom, senderIsContact, conversationState }))).toBe(
            "refuse-unknown",
          );
        }
      }
    }
  });

  it("refuses everyone, contacts included, when the inbox accepts from nobody", () => {
    for (const senderIsContact of [false, true]) {
      for (const conversationState of STATES) {
        expect(evaluateDelivery(facts({ acceptFrom: "nobody", senderIsContact, conversationState }))).toBe("refuse-nobody");
      }
    }
  });

  it("accepts only contacts when the inbox says so, even in a conversation accepted earlier", () => {
    for (const conversationState of STATES) {
      expect(evaluateDelivery(facts({ acceptFrom: "contacts", conversationState }))).toBe("refuse-contacts-only");
      expect(evaluateDelivery(facts({ acceptFrom: "contacts", senderIsContact: true, conversationState }))).toBe("deliver");
    }
  });
});

describe("fromStranger", () => {
  it("is true for requests and declined conversations only", () => {
    expect(fromStranger("request")).toBe(true);
    expect(fromStranger("declined-silently")).toBe(true);
    expect(fromStranger("deliver")).toBe(false);
  });

  it("treats a non-contact in an accepted conversation as no stranger", () => {
    expect(fromStranger(evaluateDelivery(facts({ conversationState: "accepted" })))).toBe(false);
    expect(fromStranger(evaluateDelivery(facts()))).toBe(true);
  });
});

describe("shouldNotify", () => {
  it("notifies unless the owner is busy, or busy but asked for notifications anyway", () => {
    expect(shouldNotify({ busy: false, notifyWhileBusy: false, muted: false })).toBe(true);
    expect(shouldNotify({ busy: true, notifyWhileBusy: false, muted: false })).toBe(false);
    expect(shouldNotify({ busy: true, notifyWhileBusy: true, muted: false })).toBe(true);
  });

  it("never notifies of a message in a muted conversation, busy or not", () => {
    expect(shouldNotify({ busy: false, notifyWhileBusy: false, muted: true })).toBe(false);
    expect(shouldNotify({ busy: true, notifyWhileBusy: true, muted: true })).toBe(false);
  });
});

describe("deliveryNotice", () => {
  it("tells a sender before writing only what a send would tell openly: contacts only, or nobody", () => {
    expect(deliveryNotice(evaluateDelivery(facts({ acceptFrom: "contacts" })))).toEqual({ refuses: "contacts-only" });
    expect(deliveryNotice(evaluateDelivery(facts({ acceptFrom: "nobody" })))).toEqual({ refuses: "nobody" });
  });

  it("tells nothing to a contact, or where a send is stored (a request, a silent decline)", () => {
    expect(deliveryNotice(evaluateDelivery(facts({ acceptFrom: "contacts", senderIsContact: true })))).toEqual({ refuses: null });
    for (const conversationState of STATES) {
      expect(deliveryNotice(evaluateDelivery(facts({ conversationState })))).toEqual({ refuses: null });
    }
  });

  it("tells a blocked sender exactly what it tells about an address that does not exist, whatever the rules", () => {
    for (const acceptFrom of ACCEPT_FROM) {
      for (const senderIsContact of [false, true]) {
        for (const conversationState of STATES) {
          const outcome = evaluateDelivery(facts({ blocked: true, acceptFrom, senderIsContact, conversationState }));
          expect(deliveryNotice(outcome)).toEqual(deliveryNotice(null));
        }
      }
    }
  });
});
