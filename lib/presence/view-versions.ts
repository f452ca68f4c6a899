// Versions as a watcher sees them. Each distinct view of a presentity (one per access
// decision) keeps the version at which its content last changed, so a watcher that sees
// little also learns little from versions (a polite-blocked watcher sees a version that never
// moves) — and comparing the content is how fan-out knows who has nothing new to hear.
import type { PresenceView } from "@/lib/protocol/presence";
import type { PresenceDocument } from "./document";
import type { AccessDecision } from "./rules/evaluate-access";
import { renderView, type UnversionedView } from "./rules/render-view";

type Rendered = { json: string; view: PresenceView; decision: AccessDecision };

export class ViewVersions {
  private readonly byDecision = new Map<string, Rendered>();

  /** The versioned view for a decision, and whether it differs from the last one rendered. */
  resolve(
    decisionKey: string,
    decision: AccessDecision,
    view: UnversionedView,
    documentVersion: number,
  ): { view: PresenceView; changed: boolean } {
    const json = JSON.stringify(view);
    const previous = this.byDecision.get(decisionKey);
    if (previous && previous.json === json) return { view: previous.view, changed: false };
    const versioned: PresenceView = { ...view, version: documentVersion };
    this.byDecision.set(decisionKey, { json, view: versioned, decision });
    return { view: versioned, changed: true };
  }

  /**
   * Re-renders every view known here from a document another instance changed (and already
   * notified watchers of), so later changes here compare against what watchers last saw.
   */
  refresh(doc: PresenceDocument) {
    for (const [key, rendered] of this.byDecision) this.resolve(key, rendered.decision, renderView(doc, rendered.decision), doc.version);
  }

  /** Forgets every rendered view. */
  clear() {
    this.byDecision.clear();
  }
}
