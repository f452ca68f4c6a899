// What the status form shows, against my status as the server has it (`me`), which other tabs
// and devices change too, and which expires by itself. While the person is not editing, the
// form follows `me`. While they are, a change of `me` never replaces what they typed: it is
// kept aside and shown, so that "Set status" cannot silently undo a newer status.
import type { Availability, PresenceView } from "@/lib/protocol";

/** The part of my status the form edits (the expiry is a choice for the next set, not state). */
export type StatusValues = { availability: Availability; note: string };

export type StatusDraft = {
  /** What the fields show. */
  values: StatusValues;
  /** My status as it was when the fields were last in step with it. */
  base: StatusValues;
  /** The person changed something since the fields were last in step. */
  editing: boolean;
  /** My status changed to this while they were editing; null when there is nothing to tell. */
  changed: StatusValues | null;
};

export function statusValuesOf(me: PresenceView): StatusValues {
  return { availability: me.status.availability ?? "available", note: me.status.note ?? "" };
}

/** Equal as the server would store them (it trims the note, and an empty note is none). */
export function sameStatus(a: StatusValues, b: StatusValues): boolean {
  return a.availability === b.availability && a.note.trim() === b.note.trim();
}

/** In step with `me`: a fresh form, or the person's edits dropped for it. */
export function draftFrom(me: PresenceView): StatusDraft {
  const values = statusValuesOf(me);
  return { values, base: values, editing: false, changed: null };
}

/** The person changed a field (or the expiry: that is editing too). */
export function editDraft(draft: StatusDraft, patch: Partial<StatusValues> = {}): StatusDraft {
  return { ...draft, values: { ...draft.values, ...patch }, editing: true };
}

/**
 * `me` as it is now. Returns the same draft when nothing is to change, so it can run on every
 * render.
 */
export function followMe(draft: StatusDraft, me: PresenceView): StatusDraft {
  const now = statusValuesOf(me);
  // A new view with the same status (a device, the version, the display name): nothing to do.
  if (sameStatus(now, draft.base)) return draft;
  if (!draft.editing) return { values: now, base: now, editing: false, changed: null };
  // It became what they typed (their own "Set status" landing, or the same done elsewhere):
  // in step again, and their text stays exactly as typed.
  if (sameStatus(now, draft.values)) return { values: draft.values, base: now, editing: false, changed: null };
  return { ...draft, base: now, changed: now };
}

/** The person asked for a status whatever the fields say (Clear status): follow what comes. */
export function stopEditing(draft: StatusDraft): StatusDraft {
  return { ...draft, editing: false, changed: null };
}
