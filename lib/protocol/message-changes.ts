// Changes to a message already stored: replies point at it, reactions, edits and deletion for
// everyone (retraction). Pure rules the server enforces and the client uses to offer actions.
import { z } from "zod";
import { messageBodySchema } from "./im";

/** A message can be edited or deleted for everyone this long after it was sent. */
export const CHANGE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The quick row of reactions every message offers. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"] as const;

/** Longest reaction in UTF-16 units: room for a family or flag sequence, not for a sentence. */
export const REACTION_MAX_LENGTH = 32;

/** One grapheme that is an emoji (pictograph, keycap, flag, with modifiers and joiners). */
const EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3)/u;

// One segmenter for every check: making one loads ICU data, most of a reaction's validation time.
const graphemeSegmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Whether a text is exactly one emoji grapheme (what a reaction may be). */
export function isSingleEmoji(text: string): boolean {
  if (text.length === 0 || text.length > REACTION_MAX_LENGTH) return false;
  const graphemes = [...graphemeSegmenter.segment(text)];
  return graphemes.length === 1 && EMOJI.test(text);
}

/** Whether an own message may still be edited or deleted for everyone. */
export function changeWindowOpen(sentAt: string | Date, now: number): boolean {
  const sent = typeof sentAt === "string" ? Date.parse(sentAt) : sentAt.getTime();
  return now - sent <= CHANGE_WINDOW_MS;
}

export const reactionSchema = z.string().refine(isSingleEmoji, "A reaction is one emoji.");

export const reactSchema = z
  .object({
    messageId: z.uuid(),
    emoji: reactionSchema,
    /** true adds your reaction with this emoji, false removes it. */
    on: z.boolean(),
    /** Chosen by the client (a UUID) and reused for every retry. */
    clientId: z.uuid(),
  })
  .strict();

export const editMessageSchema = z.object({ messageId: z.uuid(), body: messageBodySchema, clientId: z.uuid() }).strict();

export const retractMessageSchema = z.object({ messageId: z.uuid(), clientId: z.uuid() }).strict();
