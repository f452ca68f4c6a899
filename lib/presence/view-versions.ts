// Versions as a watcher sees them. Each distinct view of a presentity (one per access
// decision) keeps the version at which its content last changed, so a watcher that sees
// little also learns little from versions (a polite-blocked watcher sees a version that never
// moves) — and comparing the content is how fan-out knows who has nothing new to hear.
import type { PresenceView } from "@/lib/protocol/presence";
import type { PresenceDocument } from "./document";
import type { AccessDecision } from "./rules/evaluate-access";
import { renderView } from "./rules/render-view";

type Rendered = { json: string; view: PresenceView; decision: AccessDecision; documentVersion: number };

export class ViewVersions {
  private readonly byDecision = new Map<string, Rendered>();

  /**
   * The versioned view of a document for a decision, and whether it differs from the last one
   * rendered. A document's version moves on every change, so a view already rendered at this
   * version is returned as it is (a buddy list snapshot asks for one view per contact).
   */
  resolve(decisionKey: string, decision: AccessDecision, doc: PresenceDocument): { view: PresenceView; changed: boolean } {
    const previous = this.byDecision.get(decisionKey);
    if (previous && previous.documentVersion === doc.version) return { view: previous.view, changed: false };
    const view = renderView(doc, decision);
    const json = JSON.stringify(view);
    if (previous && previous.json === json) {
      previous.documentVersion = doc.version;
      return { view: previous.view, changed: false };
    }
    const versioned: PresenceView = { ...view, version: doc.version };
    this.byDecision.set(decisionKey, { json, view: versioned, decision, documentVersion: doc.version });
    return { view: versioned, changed: true };
  }

  /**
   * Re-renders every view known here from a document another instance changed (and already
   * notified watchers of), so later changes here compare against what watchers last saw.
   */
  refresh(doc: PresenceDocument) {
    for (const [key, rendered] of this.byDecision) this.resolve(key, rendered.decision, doc);
  }

  /** Forgets every rendered view. */
  clear() {
    this.byDecision.clear();
  }
}
