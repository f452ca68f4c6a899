// XEP-0352 Client State Indication: a phone app says <inactive/> when it goes to the background
// so that the server may hold back what is not urgent and the radio can sleep. Pure: what to do
// with each outgoing stanza, and the presence held meanwhile.
//
// While inactive, contacts' presence is held, the newest per contact (a contact away and back is
// one stanza, or none when the client already had it); chat states are dropped (typing long over
// by the time the user looks); everything else goes out at once, a room's occupant presence
// (XEP-0045) too. A chat message first lets out what is held, so the client sees events in the
// order they happened (minus the replaced ones).
// The state is the stream's: a session begins active, and a resumed one too (XEP-0352 §5.2).
// What the client last had is remembered from its first indication on (apps that speak CSI say
// their state right after binding): a client that never sends one costs nothing.
import type { Element } from "@xmpp/xml";
import { NS } from "./stanza";

export const CSI_NS = "urn:xmpp:csi:0";

export type Verdict =
  /** Goes out now, ahead of what is held. */
  | { kind: "send" }
  /** A chat message (or a carbon of one): what is held goes out first, then it. */
  | { kind: "send-after-held" }
  /**
   * A roster push: the held presence of the contacts it names goes out first, and those contacts
   * start afresh (a contact removed and added again is sent its presence even if unchanged).
   */
  | { kind: "send-after-contacts"; contacts: string[] }
  /** A contact's presence: held, replacing the one held for that contact. */
  | { kind: "hold"; contact: string }
  /** A chat state: dropped. */
  | { kind: "drop" };

const bare = (jid: string) => jid.split("/")[0]!.toLowerCase();

/** What an inactive client's session does with an outgoing stanza. */
export function verdictOf(stanza: Element): Verdict {
  if (stanza.name === "presence") {
    const type = stanza.attrs.type;
    // A room's occupants (XEP-0045) are not contacts: each is its own, and a join's answer must not wait.
    if (stanza.getChild("x", NS.mucUser)) return { kind: "send" };
    if ((type === undefined || type === "unavailable") && stanza.attrs.from) return { kind: "hold", contact: bare(stanza.attrs.from) };
    return { kind: "send" };
  }
  if (stanza.name === "message") {
    if (stanza.getChild("body") || stanza.getChild("sent", NS.carbons) || stanza.getChild("received", NS.carbons)) return { kind: "send-after-held" };
    if (stanza.children.some((child) => typeof child !== "string" && child.attrs.xmlns === NS.chatStates)) return { kind: "drop" };
    return { kind: "send" };
  }
  if (stanza.name === "iq" && stanza.attrs.type === "set") {
    const query = stanza.getChild("query", NS.roster);
    if (query) return { kind: "send-after-contacts", contacts: query.getChildren("item").map((item) => bare(item.attrs.jid ?? "")) };
  }
  return { kind: "send" };
}

export type ClientState = {
  readonly active: boolean;
  /** The stanza the session sends: what is to be written now, in order (nothing when held or dropped). */
  offer(stanza: Element): Element[];
  inactive(): void;
  /** The client says it is active: what was held and it does not have yet, to write at once. */
  activate(): Element[];
  /** The stream resumed: active again without the client saying so; what was held, as activate(). */
  reset(): Element[];
};

/** What a client that said its state is remembered by: only such a client is ever held from. */
type Remembered = {
  /** Held presence by contact (bare JID), in the order the contacts were first held. */
  held: Map<string, Element>;
  /** The presence each contact was last written as, to skip a held one the client already has. */
  written: Map<string, string>;
};

export function createClientState(): ClientState {
  let active = true;
  /** Made when the client first says its state (most never do). */
  let remembered: Remembered | null = null;
  const remember = () => (remembered ??= { held: new Map(), written: new Map() });

  /** The held presence of `contacts` (all when null), minus what the client already has. */
  function release(contacts: string[] | null): Element[] {
    const released: Element[] = [];
    if (!remembered) return released;
    const { held, written } = remembered;
    for (const [contact, stanza] of held) {
      if (contacts && !contacts.includes(contact)) continue;
      held.delete(contact);
      const text = stanza.toString();
      if (written.get(contact) === text) continue;
      written.set(contact, text);
      released.push(stanza);
    }
    return released;
  }

  return {
    get active() {
      return active;
    },
    offer(stanza) {
      if (!remembered) return [stanza]; // active: a client that never said otherwise
      const { held, written } = remembered;
      const verdict = verdictOf(stanza);
      if (active) {
        if (verdict.kind === "hold") written.set(verdict.contact, stanza.toString());
        else if (verdict.kind === "send-after-contacts") for (const contact of verdict.contacts) written.delete(contact);
        return [stanza];
      }
      switch (verdict.kind) {
        case "hold":
          // Re-inserted: the order released is that of each contact's newest change.
          held.delete(verdict.contact);
          held.set(verdict.contact, stanza);
          return [];
        case "drop":
          return [];
        case "send-after-held":
          return [...release(null), stanza];
        case "send-after-contacts": {
          const first = release(verdict.contacts);
          for (const contact of verdict.contacts) written.delete(contact);
          return [...first, stanza];
        }
        case "send":
          return [stanza];
      }
    },
    inactive() {
      active = false;
      remember();
    },
    activate() {
      remember();
      active = true;
      return release(null);
    },
    reset() {
      active = true;
      return release(null);
    },
  };
}
