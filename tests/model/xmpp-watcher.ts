// An XMPP watcher in the model-based privacy test (issue 19): one account also signs in over
// XMPP (@xmpp/client, a library nobody here wrote), binds a resource — a device tuple the model
// pins — fetches its roster and sends initial presence, and then only listens. After every step
// what it received must obey the web watcher's contract in XMPP's terms:
//  - a contact's presence stanza is a view the access rules allowed at the time (before, during
//    or after the step), as RFC 6121 renders it: unavailable when closed, `show` from the
//    availability, `status` the note; never anything from an account that may not be seen;
//  - the last presence of each contact W's subscription to is active is the model's view now;
//  - a subscription request arrives exactly when one starts waiting for this account's answer
//    (not one its rules hold silently);
//  - a chat message arrives only if the inbox holds it for this account (never a blocked
//    sender's), and every one it holds that was sent in the step arrives; a chat state only if
//    the typing notice was allowed;
//  - the roster (its get, then pushes) is the model's buddy list with XMPP's subscription names.
import type { Element } from "@xmpp/xml";
import { xml, xmppClient, type XmppTestClient } from "../integration/xmpp-client";
import type { ModelView, PresenceModel, Step } from "./presence-model";

/** xmpp.js errors (SASL, stanza errors, timeouts) may have no message: say what failed and what it was. */
function described(what: string, error: unknown): Error {
  const { name, condition, text, message } = (error ?? {}) as { name?: string; condition?: string; text?: string; message?: string };
  return new Error(`${what}: ${[name, condition, text, message].filter(Boolean).join(" ") || String(error)}`);
}

export type XmppAccess = { port: number; domain: string; password: string };
type Candidates = (ModelView | "not_found" | undefined)[];

/** What RFC 6121 presence a view becomes: compared as text, "-" for absent. */
function expectedPresence(view: ModelView): string {
  const open = view.status.basic === "open";
  const show = open && view.status.availability ? { available: "-", away: "away", busy: "dnd" }[view.status.availability] : "-";
  return `${open ? "available" : "unavailable"} show=${show} status=${view.status.note ?? "-"}`;
}
function receivedPresence(stanza: Element): string {
  const type = stanza.attrs.type === "unavailable" ? "unavailable" : "available";
  return `${type} show=${stanza.getChildText("show") ?? "-"} status=${stanza.getChildText("status") ?? "-"}`;
}

type RosterRow = { subscription: string; ask: boolean; groups: string[] };

export class XmppWatcher {
  private received: Element[] = [];
  /** The last presence each contact was sent as, by username. */
  private readonly latest = new Map<string, string>();
  private readonly roster = new Map<string, RosterRow>();

  private constructor(
    readonly a: number,
    readonly key: string,
    private readonly client: XmppTestClient,
    private readonly domain: string,
  ) {
    client.xmpp.on("stanza", (stanza: Element) => {
      this.received.push(stanza);
      const query = stanza.name === "iq" && stanza.attrs.type === "set" ? stanza.getChild("query", "jabber:iq:roster") : undefined;
      if (query) this.applyRoster(query.getChildren("item"));
    });
  }

  /** Signs `username` in over XMPP with resource `key` (the device tuple's label), roster first, then initial presence. */
  static async connect(a: number, key: string, username: string, access: XmppAccess): Promise<XmppWatcher> {
    const client = await xmppClient(access.port, username, access.password, { resource: key, domain: access.domain, timeoutMs: 15_000 }).catch((error: unknown) => {
      throw described(`XMPP sign-in of ${username}`, error);
    });
    // xmpp.js counts stanzas for stream management from <enabled/> on, and miscounts one that
    // arrives in the same read: its acks would then lag, and a message would count as delivered
    // only steps later. Nothing is asked before stream management is on.
    await client.waitForNonza((element) => element.name === "enabled");
    const watcher = new XmppWatcher(a, key, client, access.domain);
    const result = await client.iq("get", xml("query", { xmlns: "jabber:iq:roster" }));
    watcher.applyRoster(result.getChild("query")?.getChildren("item") ?? []);
    await client.send(xml("presence"));
    return watcher;
  }

  private applyRoster(items: Element[]) {
    for (const item of items) {
      const username = (item.attrs.jid ?? "").split("@")[0]!;
      if (item.attrs.subscription === "remove") this.roster.delete(username);
      else {
        const groups = item.getChildren("group").map((group) => group.text()).sort();
        this.roster.set(username, { subscription: item.attrs.subscription ?? "none", ask: item.attrs.ask === "subscribe", groups });
      }
    }
  }

  /** A round trip: whatever the server sent before it has arrived. */
  async roundTrip(): Promise<void> {
    await this.client.iq("get", xml("ping", { xmlns: "urn:xmpp:ping" }), this.domain).catch((error: unknown) => {
      throw described("XMPP ping", error);
    });
  }

  /** Forgets what arrived during the previous step. */
  nextStep() {
    this.received = [];
  }

  async close() {
    await this.client.stop();
  }

  /**
   * The checks after a step. `views(p)`: the model's views of P for this watcher before, during
   * and after the step; `pendingBefore(p)`: whether P's request waited for this account's answer before it.
   */
  check(
    model: PresenceModel,
    context: { step: Step | null; views: (p: number) => Candidates; pendingBefore: (p: number) => boolean; messagesBefore: number },
    indexOf: (username: string) => number,
    username: (a: number) => string,
    fail: (message: string) => void,
  ) {
    const w = this.a;
    const tag = (p: number) => `XMPP ${w}→${p} (W=${username(w)}, P=${username(p)})`;
    const step = context.step;
    const sender = (stanza: Element) => {
      const [local, host] = (stanza.attrs.from ?? "").split("/")[0]!.split("@");
      return host === this.domain ? indexOf(local ?? "") : -1;
    };
    const subscribedFrom = new Set<number>();
    const messaged = new Set<string>();

    for (const stanza of this.received) {
      const p = sender(stanza);
      if (stanza.name === "presence") {
        if (p < 0 || p === w) continue;
        const type = stanza.attrs.type;
        if (type === "subscribe") {
          subscribedFrom.add(p);
          const asked = step?.t === "request" && step.a === p && step.b === w;
          if (!asked && model.sub(p, w) !== "pending") fail(`${tag(p)}: a subscription request nobody made (P's subscription is ${model.sub(p, w)})`);
          continue;
        }
        if (type !== undefined && type !== "unavailable") continue;
        const got = receivedPresence(stanza);
        this.latest.set(username(p), got);
        const allowed = context.views(p).filter((view): view is ModelView => view !== undefined && view !== "not_found");
        if (!allowed.some((view) => expectedPresence(view) === got)) {
          fail(`${tag(p)}: presence "${got}" is no view W may see now (allowed: ${allowed.map(expectedPresence).join(" | ") || "nothing"})`);
        }
      } else if (stanza.name === "message") {
        if (p < 0) continue;
        const body = stanza.getChildText("body");
        if (body === null) {
          const typing = stanza.getChild("composing") ?? stanza.getChild("paused");
          if (!typing) continue;
          const sent = step?.t === "typing" && step.a === p && step.b === w;
          if (!sent || !model.typingRelayed(p, w)) fail(`${tag(p)}: a chat state W may not get (delivery ${model.outcome(p, w)}, view ${model.kind(w, p)})`);
          continue;
        }
        messaged.add(body);
        const message = model.messages.find((candidate) => candidate.key === body);
        if (!message || message.from !== p || message.to !== w) fail(`${tag(p)}: a message "${body}" the model does not know from P to W`);
        else if (!message.forRecipient) fail(`${tag(p)}: message ${body} reached W, but the inbox must not hold it (delivery ${model.outcome(p, w)})`);
      }
    }

    // Completeness: requests that started waiting, messages the inbox holds, the last presence.
    for (let p = 0; p < model.size; p += 1) {
      if (p === w) continue;
      if (model.askedAbout(w, p) && !context.pendingBefore(p) && !subscribedFrom.has(p)) {
        fail(`${tag(p)}: P's request waits for W's answer, but no subscription request reached W over XMPP`);
      }
      // XMPP sends a contact's presence once the subscription is approved (RFC 6121 §4), not while it waits.
      if (model.sub(w, p) === "active") {
        const after = context.views(p).at(-1);
        const want = after && after !== "not_found" ? expectedPresence(after) : null;
        const held = this.latest.get(username(p));
        if (want !== null && held !== want) fail(`${tag(p)}: the last presence W got is "${held ?? "none"}", the view now is "${want}"`);
      }
    }
    for (const message of model.messages.slice(context.messagesBefore)) {
      if (message.to === w && message.forRecipient && !messaged.has(message.key)) {
        fail(`${tag(message.from)}: message ${message.key} is in W's inbox but did not reach W over XMPP`);
      }
    }

    const expectedRoster = model
      .list(w)
      .map((row) => {
        const subscription = row.subscription === "active" ? (row.watchesMe ? "both" : "to") : row.watchesMe ? "from" : "none";
        return `${username(row.p)} ${subscription}${row.subscription === "active" ? "" : " ask"} [${row.groups.map((g) => `g${g}`).sort().join(",")}]`;
      })
      .sort();
    const roster = [...this.roster]
      .map(([name, row]) => `${name} ${row.subscription}${row.ask ? " ask" : ""} [${row.groups.join(",")}]`)
      .sort();
    if (JSON.stringify(roster) !== JSON.stringify(expectedRoster)) {
      fail(`XMPP roster of ${username(w)}:\n      got      ${JSON.stringify(roster)}\n      expected ${JSON.stringify(expectedRoster)}`);
    }
  }
}
