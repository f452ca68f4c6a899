// What each watcher of one presentity was last given, and the version of it. Versions are per
// (presentity, watcher): a watcher's version grows by one exactly when the content it is given
// changes, so it counts what that watcher could see change and nothing else — no clock, no
// changes made to other watchers' views. Watchers whose decision is the same share one
// rendered view (rendered once per document version), so a fan-out renders once per decision.
//
// A hidden view (polite-block, invisible, a blocked holder) is the watcher's last view made
// offline at the moment it turned hidden: to that watcher it is a contact who went offline,
// whose note still expires when it was due to (hidden-expiry.ts tells the watchers).
import type { PresenceView } from "@/lib/protocol/presence";
import type { PresenceDocument } from "./document";
import { type AccessDecision, decisionKey } from "./rules/evaluate-access";
import { type Relation, Relations } from "./relations";
import { type UnversionedView, expireHiddenNote, hiddenView, renderView } from "./rules/render-view";

/** One content a watcher may be given; shared by every watcher given the same content. */
export type Rendered = { readonly json: string; readonly view: UnversionedView };

type KeyedView = { rendered: Rendered; documentVersion: number };

export class WatcherViews {
  private readonly byKey = new Map<string, KeyedView>();

  /** The records live with the presentity's other relations (relations.ts). */
  constructor(private readonly relations: Relations = new Relations()) {}

  /** The watcher's record, made on first use. */
  record(key: string): Relation {
    return this.relations.record(key);
  }

  has(key: string): boolean {
    return this.relations.hasRecord(key);
  }

  *watcherIds(): Generator<string> {
    for (const [key] of this.relations.records()) yield key;
  }

  /** Decisions are recomputed on next use (rules, invisible mode, contacts or groups changed). */
  clearDecisions() {
    for (const [, record] of this.relations.records()) record.decision = null;
  }

  clearDecision(key: string) {
    if (this.relations.hasRecord(key)) this.relations.record(key).decision = null;
  }

  /** The earliest moment after `after` at which a frozen view's note expires (null: none does). */
  nextHiddenExpiry(after: number): number | null {
    let next: number | null = null;
    for (const [, record] of this.relations.records()) {
      const expiresAt = record.frozen ? record.seen?.view.status.expiresAt : null;
      if (!expiresAt) continue;
      const at = Date.parse(expiresAt);
      if (at > after && (next === null || at < next)) next = at;
    }
    return next;
  }

  /** The view of a decision at the document's version, rendered once for all who share it. */
  private shared(key: string, decision: AccessDecision, doc: PresenceDocument): Rendered {
    const known = this.byKey.get(key);
    if (known && known.documentVersion === doc.version) return known.rendered;
    const view = renderView(doc, decision);
    const json = JSON.stringify(view);
    if (known && known.rendered.json === json) {
      known.documentVersion = doc.version;
      return known.rendered;
    }
    const rendered = { json, view };
    this.byKey.set(key, { rendered, documentVersion: doc.version });
    return rendered;
  }

  /**
   * The content the watcher is to be given now, and whether it differs from what it last got
   * (its version then moved on). A view turning hidden goes offline at `hiddenSince`, or `now`.
   */
  resolve(
    record: Relation,
    decision: AccessDecision,
    doc: PresenceDocument,
    now: number,
  ): { rendered: Rendered; version: number; changed: boolean } {
    let next: Rendered;
    if (decision.action === "polite-block" || decision.action === "block") {
      const frozen = record.frozen && record.seen ? record.seen : withJson(hiddenView(record.seen?.view ?? null, record.lastSeenHidden, doc, record.hiddenSince ?? now));
      // Its note expires when it would have for a contact who really went offline.
      const unexpired = expireHiddenNote(frozen.view, now);
      const base = unexpired === frozen.view ? frozen : withJson(unexpired);
      next =
        base.view.displayName === doc.displayName && base.view.username === doc.username
          ? base
          : withJson({ ...base.view, username: doc.username, displayName: doc.displayName });
      record.frozen = true;
    } else {
      next = this.shared(decisionKey(decision), decision, doc);
      record.frozen = false;
      record.lastSeenHidden = decision.action === "limited" || decision.hideLastSeen;
    }
    const changed = record.seen === null || (record.seen !== next && record.seen.json !== next.json);
    if (changed) record.version += 1;
    record.seen = next;
    return { rendered: next, version: record.version, changed };
  }
}

function withJson(view: UnversionedView): Rendered {
  return { json: JSON.stringify(view), view };
}

/** A versioned view for the wire. */
export function versioned(rendered: Rendered, version: number): PresenceView {
  return { ...rendered.view, version };
}
