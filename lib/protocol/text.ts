// Text that people see beside a name they trust: display names, token names, group names,
// tuple labels, device labels, status notes. One normalisation and one rule for all of them,
// as usernames have theirs (lib/protocol/account.ts): NFC, so one name has one spelling; no
// control characters; no bidirectional controls, which reorder what is shown (U+202E turns
// "evil‮gpj.exe" around); and something visible once invisible characters (zero-width spaces,
// joiners, fillers, blank braille) are set aside, so nobody is nameless. Pure.
import { z } from "zod";

/** C0, DEL and C1 controls, and the line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** The same, but tabs and line feeds are allowed (a note may have several lines). */
const CONTROL_BUT_LINES = /[\p{Cc}\u2028\u2029](?<![\t\n])/u;
/** Marks, embeddings, overrides and isolates (U+061C, U+200E–F, U+202A–E, U+2066–9). */
const BIDI_CONTROL = /\p{Bidi_Control}/u;
/** What renders as nothing: white space, default-ignorable code points, the blank braille cell. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** What is wrong with a (normalised) text people will see, or null when nothing is. */
export function humanTextProblem(text: string, options: { multiline?: boolean } = {}): string | null {
  if ((options.multiline ? CONTROL_BUT_LINES : CONTROL).test(text)) return "Control characters are not allowed.";
  if (BIDI_CONTROL.test(text)) return "Text-direction control characters are not allowed.";
  if (text.length > 0 && text.replace(INVISIBLE, "").length === 0) return "Use at least one visible character.";
  return null;
}

/**
 * A string the server looks something up by (a name, an id, a search, a token): no control
 * characters, which no stored key holds and PostgreSQL cannot even compare (U+0000).
 */
export function lookupText<T extends z.ZodString>(schema: T) {
  return schema.refine((text) => !CONTROL.test(text), "Control characters are not allowed.");
}

/** A required single-line name: normalised (NFC), trimmed, 1–`max` characters, checked. */
export function humanNameSchema(max: number, required = "Enter a name.") {
  return z
    .string()
    .normalize("NFC")
    .trim()
    .min(1, required)
    .max(max, `Use at most ${max} characters.`)
    .superRefine((text, context) => {
      const problem = humanTextProblem(text);
      if (problem) context.addIssue({ code: "custom", message: problem });
    });
}

/**
 * A text that may be left blank (a tuple label, a status note): the same normalisation and
 * rule; `multiline` allows tabs and line breaks.
 */
export function humanTextSchema(max: number, options: { multiline?: boolean; tooLong?: string } = {}) {
  return z
    .string()
    .normalize("NFC")
    .trim()
    .max(max, options.tooLong ?? `Use at most ${max} characters.`)
    .superRefine((text, context) => {
      const problem = humanTextProblem(text, options);
      if (problem) context.addIssue({ code: "custom", message: problem });
    });
}
