// What one member sees of a group message, decided at read time. Blocks work both ways without
// telling: a message from someone the viewer blocks is shown collapsed (hidden); a message from
// someone who blocks the viewer is left out of the viewer's views entirely, as if never sent,
// so the viewer cannot tell. System lines are everyone's. Typing follows the same two rules.

export type Visibility = "shown" | "hidden" | "omitted";

export function messageVisibility(facts: {
  /** A system line (join, leave, rename). */
  systemLine: boolean;
  viewerIsSender: boolean;
  /** The viewer's access rules block the sender. */
  viewerBlocksSender: boolean;
  /** The sender's access rules block the viewer. */
  senderBlocksViewer: boolean;
}): Visibility {
  if (facts.systemLine || facts.viewerIsSender) return "shown";
  if (facts.senderBlocksViewer) return "omitted";
  if (facts.viewerBlocksSender) return "hidden";
  return "shown";
}

/** Whether a typing notice from the typist reaches the viewer: only where a message would show. */
export const typingReaches = (facts: { viewerBlocksTypist: boolean; typistBlocksViewer: boolean }): boolean =>
  !facts.viewerBlocksTypist && !facts.typistBlocksViewer;

/** Whether a seq is within a member's range (its entry line up to its exit line, above what it cleared). */
export const seqInRange = (range: { fromSeq: number; untilSeq: number | null; clearedSeq: number }, seq: number): boolean =>
  seq >= range.fromSeq && seq > range.clearedSeq && (range.untilSeq === null || seq <= range.untilSeq);

/**
 * Whether a member hears of a change to a message it has (live, or catching up): the actor
 * always; a reaction only where neither side blocks the other (a view never shows it otherwise);
 * an edit or deletion as the message itself shows (the view, built at read time, says how).
 */
export const hearsOfChange = (facts: {
  viewerIsActor: boolean;
  kind: "react" | "edit" | "retract";
  viewerBlocksActor: boolean;
  actorBlocksViewer: boolean;
}): boolean => facts.viewerIsActor || facts.kind !== "react" || (!facts.viewerBlocksActor && !facts.actorBlocksViewer);
