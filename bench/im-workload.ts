// The messaging benchmark's workload (pure): pairs of mutual contacts and the seeded, open-loop
// schedule of instant messages between them, shared by the orchestrator and the load generator
// so every process knows what was sent when, and a recipient can tell each message by its body.
import { seededRandom } from "./workload";

/** Client 2k and 2k+1 are a pair: mutual contacts, and each other's only correspondent. */
export const partnerOf = (index: number): number => index ^ 1;

export type ScheduledMessage = {
  seq: number;
  sender: number;
  /** The partner; for a group message GROUP_RECIPIENTS (every other member). */
  recipient: number;
  /** Unique per message and of fixed length; the recipient finds the seq in it (messageSeqOf). */
  body: string;
  /** When to send it, in ms after the load phase starts. */
  offsetMs: number;
  /** With message changes on: the recipient reacts to it once received, or the sender edits it once acked. */
  change?: "react" | "edit";
};

/** With message changes on, 10 % of messages get a reaction and 2 % an edit (by seq: no draw from the seeded stream). */
export function scheduledChange(seq: number): "react" | "edit" | undefined {
  if (seq % 10 === 3) return "react";
  if (seq % 50 === 7) return "edit";
  return undefined;
}

const TAG = "bench m";
const SEQ_DIGITS = 7;
const WORDS = ["hello", "are", "you", "there", "see", "tomorrow", "lunch", "meeting", "ok", "thanks", "later", "call", "me"];

/** The seq a benchmark message carries in its body, or null for any other message. */
export function messageSeqOf(body: string): number | null {
  if (!body.startsWith(TAG)) return null;
  const seq = Number(body.slice(TAG.length, TAG.length + SEQ_DIGITS));
  return Number.isInteger(seq) ? seq : null;
}

/** Fisher–Yates with the seeded generator. */
function shuffled(count: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  for (let index = count - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order;
}

/**
 * `rate` messages a second for `seconds`, evenly spaced (an open loop: the schedule does not
 * wait for the server). Senders go round in rounds, each a fresh random order of all clients,
 * so every client sends once per round: with 2 000 clients at 1 000/s, one message every 2 s
 * per sender, far inside the anti-spam limit (30 in 10 s). `firstSeq` lets steps of several
 * rates share one numbering.
 */
export function makeMessageSchedule(options: {
  clients: number;
  rate: number;
  seconds: number;
  seed: number;
  firstSeq?: number;
  /** 10 % reactions and 2 % edits on top of the messages (see scheduledChange). */
  messageChanges?: boolean;
}) {
  if (options.clients < 2 || options.clients % 2 !== 0) throw new RangeError("the clients must form pairs (an even number ≥ 2)");
  return schedule({ ...options, senders: options.clients, recipientOf: partnerOf });
}

/** A group message's recipient: every member but its sender. */
export const GROUP_RECIPIENTS = -1;

/** The same open-loop schedule for one group of `members` (clients 0 … members − 1), each sending in turn. */
export function makeGroupSchedule(options: { members: number; rate: number; seconds: number; seed: number; firstSeq?: number }) {
  if (options.members < 2) throw new RangeError("a group needs at least two members");
  return schedule({ ...options, senders: options.members, recipientOf: () => GROUP_RECIPIENTS });
}

function schedule(options: {
  senders: number;
  recipientOf: (sender: number) => number;
  rate: number;
  seconds: number;
  seed: number;
  firstSeq?: number;
  messageChanges?: boolean;
}) {
  const { senders, rate, seconds } = options;
  const random = seededRandom(options.seed);
  const count = Math.round(rate * seconds);
  const gapMs = 1000 / rate;
  const schedule: ScheduledMessage[] = [];
  let round: number[] = [];
  for (let index = 0; index < count; index++) {
    if (round.length === 0) round = shuffled(senders, random);
    const sender = round.pop()!;
    const seq = (options.firstSeq ?? 0) + index;
    const words = Array.from({ length: 6 }, () => WORDS[Math.floor(random() * WORDS.length)]!.padEnd(8, ".")).join(" ");
    const change = options.messageChanges ? scheduledChange(seq) : undefined;
    schedule.push({
      seq,
      sender,
      recipient: options.recipientOf(sender),
      body: `${TAG}${String(seq).padStart(SEQ_DIGITS, "0")} ${words}`,
      offsetMs: Math.round(index * gapMs * 1000) / 1000,
      ...(change ? { change } : {}),
    });
  }
  return schedule;
}

/** The most messages any one sender has in any window of `windowMs` (to check the rate limit). */
export function busiestSender(schedule: readonly ScheduledMessage[], windowMs: number): number {
  const bySender = new Map<number, number[]>();
  for (const message of schedule) {
    const times = bySender.get(message.sender) ?? [];
    times.push(message.offsetMs);
    bySender.set(message.sender, times);
  }
  let most = 0;
  for (const times of bySender.values()) {
    let first = 0;
    for (let last = 0; last < times.length; last++) {
      while (times[last]! - times[first]! >= windowMs) first++;
      most = Math.max(most, last - first + 1);
    }
  }
  return most;
}
