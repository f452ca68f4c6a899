// The composer's rules, the server's own (lib/protocol/message-body.ts): a body counts once
// line endings are normalised and its ends trimmed, in code points (an emoji is one), and must
// then have 1–4 000 of them.
import { checkBody, MESSAGE_BODY_MAX_LENGTH, bodyLength, normalizeBody } from "@/lib/protocol/message-body";

export type DraftCheck = {
  /** Characters as the server counts them. */
  length: number;
  max: number;
  /** Characters beyond the limit (0 when within it). */
  over: number;
  canSend: boolean;
  /** Why it cannot be sent, once there is something to send; null otherwise. */
  problem: string | null;
};

export function checkDraft(draft: string): DraftCheck {
  const length = bodyLength(normalizeBody(draft));
  const checked = checkBody(draft);
  return {
    length,
    max: MESSAGE_BODY_MAX_LENGTH,
    over: Math.max(0, length - MESSAGE_BODY_MAX_LENGTH),
    canSend: checked.ok,
    problem: checked.ok || length === 0 ? null : checked.message,
  };
}
