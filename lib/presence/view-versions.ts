// Versions as a watcher sees them. Each distinct view of a presentity (one per access
// decision) keeps the version at which its content last changed, so a watcher that sees
// little also learns little from versions (a polite-blocked watcher sees a version that never
// moves) — and comparing the content is how fan-out knows who has nothing new to hear.
import type { PresenceView } from "@/lib/protocol/presence";
import type { UnversionedView } from "./rules/render-view";

type Rendered = { json: string; view: PresenceView };

export class ViewVersions {
  private readonly byDecision = new Map<string, Rendered>();

  /** The versioned view for a decision, and whether it differs from the last one rendered. */
  resolve(decisionKey: string, view: UnversionedView, documentVersion: number): { view: PresenceView; changed: boolean } {
    const json = JSON.stringify(view);
    const previous = this.byDecision.get(decisionKey);
    if (previous && previous.json === json) return { view: previous.view, changed: false };
    const versioned: PresenceView = { ...view, version: documentVersion };
    this.byDecision.set(decisionKey, { json, view: versioned });
    return { view: versioned, changed: true };
  }

  /** Forgets every rendered view (the decisions behind them changed). */
  clear() {
    this.byDecision.clear();
  }
}
