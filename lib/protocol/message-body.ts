// What an INSTANT MESSAGE's body may be: plain text of 1–4 000 characters once line endings
// are normalised and the ends trimmed; line breaks and tabs are allowed, other control
// characters are not. Pure, so the composer (which shows the count while typing) and the
// server count and refuse alike.

export const MESSAGE_BODY_MAX_LENGTH = 4_000;

/** C0 controls except tab (09) and line feed (0a), DEL, and the C1 controls. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Half of a surrogate pair on its own: not text, and PostgreSQL would refuse it. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** Characters as people count them: code points, so an emoji counts once. */
export function bodyLength(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Windows and old Mac line endings become `\n` (bots send them); then both ends are trimmed. */
export function normalizeBody(raw: string): string {
  return raw.replace(/\r\n?/g, "\n").trim();
}

export type BodyCheck = { ok: true; body: string } | { ok: false; message: string };

/** The body as stored, or why it is refused. */
export function checkBody(raw: string): BodyCheck {
  const body = normalizeBody(raw);
  if (body.length === 0) return { ok: false, message: "Write a message." };
  if (bodyLength(body) > MESSAGE_BODY_MAX_LENGTH) {
    return { ok: false, message: "A message has at most 4 000 characters." };
  }
  if (CONTROL_CHARACTERS.test(body)) return { ok: false, message: "Control characters are not allowed." };
  if (LONE_SURROGATE.test(body)) return { ok: false, message: "The message contains a broken character." };
  return { ok: true, body };
}
