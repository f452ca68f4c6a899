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
import { type UnversionedView, expireHiddenNote, hiddenView, renderView } from "./rules/render-view";

/** One content a watcher may be given; shared by every watcher given the same content. */
export type Rendered = { readonly json: string; readonly view: UnversionedView };

type KeyedView = { rendered: Rendered; documentVersion: number };

export type WatcherRecord = {
  /** Cached access decision; null once rules, contacts or visibility may have changed it. */
  decision: AccessDecision | null;
  key: string | null;
  /** The content last given (null before the first). */
  seen: Rendered | null;
  /** Whether `seen` is a frozen hidden view. */
  frozen: boolean;
  /** Whether last seen was hidden from the watcher when `seen` was rendered (limited, hideLastSeen). */
  lastSeenHidden: boolean;
  /**
   * Since when the watcher's view is hidden (null: it is not). Kept apart from `seen`: a
   * watcher given nothing meanwhile (a past fetcher) freezes at this moment on its next look.
   */
  hiddenSince: number | null;
  version: number;
};

export class WatcherViews {
  private readonly byKey = new Map<string, KeyedView>();
  private readonly records = new Map<string, WatcherRecord>();

  /** The watcher's record, made on first use. */
  record(watcherId: string): WatcherRecord {
    let record = this.records.get(watcherId);
    if (!record) {
      record = { decision: null, key: null, seen: null, frozen: false, lastSeenHidden: false, hiddenSince: null, version: 0 };
      this.records.set(watcherId, record);
    }
    return record;
  }

  has(watcherId: string): boolean {
    return this.records.has(watcherId);
  }

  watcherIds(): IterableIterator<string> {
    return this.records.keys();
  }

  forget(watcherId: string) {
    this.records.delete(watcherId);
  }

  /** Decisions are recomputed on next use (rules, invisible mode, contacts or groups changed). */
  clearDecisions() {
    for (const record of this.records.values()) {
      record.decision = null;
      record.key = null;
    }
  }

  clearDecision(watcherId: string) {
    const record = this.records.get(watcherId);
    if (record) {
      record.decision = null;
      record.key = null;
    }
  }

  /** The earliest moment after `after` at which a frozen view's note expires (null: none does). */
  nextHiddenExpiry(after: number): number | null {
    let next: number | null = null;
    for (const record of this.records.values()) {
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
    record: WatcherRecord,
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
      record.key ??= decisionKey(decision);
      next = this.shared(record.key, decision, doc);
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
