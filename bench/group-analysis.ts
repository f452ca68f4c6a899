// What a group load's generator replies mean (pure): per message, when its last member had it
// (the send's start at the sender → the last other member's `groupchat:received`), acks, and
// completeness (each member but the sender gets each acknowledged message exactly once).
import type { ScheduledMessage } from "./im-workload";
import type { ImSendRecord, Receipt } from "./ipc";
import { type Summary, summarize } from "./stats";

export type GroupLoadFigures = {
  offeredPerSecond: number;
  messages: number;
  members: number;
  achieved: { sentPerSecond: number; ackedPerSecond: number };
  /** Send → the last member's `groupchat:received`, over the messages every member got. */
  lastMemberMs: Summary;
  /** Send → each member's `groupchat:received`. */
  eachMemberMs: Summary;
  ackMs: Summary;
  /** p99 of the last member per third of the step (by send time): growing thirds mean a backlog. */
  p99ByThirdMs: [number, number, number];
  bounded: boolean;
  acked: number;
  /** Messages every member but the sender received. */
  complete: number;
  /** Member deliveries missing (of acknowledged messages), duplicated, or to someone not in the group. */
  missing: number;
  duplicates: number;
  unexpected: number;
  errors: string[];
  serverCpuMs: number;
  cpuPerMessageMs: number;
  /** CPU per message and member told: how the cost grows with the group. */
  cpuPerDeliveryUs: number;
};

export function analyseGroupMessages(options: {
  schedule: readonly ScheduledMessage[];
  members: readonly number[];
  offeredPerSecond: number;
  sends: readonly ImSendRecord[];
  receipts: readonly Receipt[];
  serverCpuMs: number;
}): GroupLoadFigures {
  const { schedule, members } = options;
  const memberSet = new Set(members);
  const sends = new Map(options.sends.map((send) => [send.seq, send]));
  const bySeq = new Map<number, Receipt[]>();
  for (const receipt of options.receipts) bySeq.set(receipt[0], [...(bySeq.get(receipt[0]) ?? []), receipt]);

  const last: [sentAt: number, latency: number][] = [];
  const each: number[] = [];
  const acks: number[] = [];
  const errors: string[] = [];
  let acked = 0;
  let complete = 0;
  let missing = 0;
  let duplicates = 0;
  let unexpected = 0;
  let lastAck = Number.NEGATIVE_INFINITY;
  for (const message of schedule) {
    const send = sends.get(message.seq);
    if (send?.error) errors.push(`#${message.seq}: ${send.error}`);
    const ok = send !== undefined && send.ackedAt !== null && send.error === null;
    if (ok) {
      acked += 1;
      acks.push(send.ackedAt! - send.sentAt);
      lastAck = Math.max(lastAck, send.ackedAt!);
    }
    const first = new Map<number, number>();
    for (const [, receiver, at] of bySeq.get(message.seq) ?? []) {
      if (!memberSet.has(receiver) || receiver === message.sender) unexpected += 1;
      else if (first.has(receiver)) duplicates += 1;
      else first.set(receiver, at);
    }
    const expected = members.length - (memberSet.has(message.sender) ? 1 : 0);
    if (ok) missing += expected - first.size;
    if (!send) continue;
    for (const at of first.values()) each.push(at - send.sentAt);
    if (first.size === expected) {
      complete += 1;
      last.push([send.sentAt, Math.max(...first.values()) - send.sentAt]);
    }
  }
  const sentTimes = options.sends.map((send) => send.sentAt);
  const firstSent = Math.min(...sentTimes);
  const lastSent = Math.max(...sentTimes);
  last.sort((a, b) => a[0] - b[0]);
  const third = Math.ceil(last.length / 3);
  const p99Of = (slice: [number, number][]) => summarize(slice.map(([, latency]) => latency)).p99;
  const thirds: [number, number, number] = [p99Of(last.slice(0, third)), p99Of(last.slice(third, 2 * third)), p99Of(last.slice(2 * third))];
  const ackedPerSecond = lastAck > firstSent ? (acked * 1000) / (lastAck - firstSent) : Number.NaN;
  const messages = schedule.length;
  const deliveries = messages * Math.max(1, members.length - 1);
  return {
    offeredPerSecond: options.offeredPerSecond,
    messages,
    members: members.length,
    achieved: {
      // n sends spread over (n − 1) gaps: the rate between the first and the last send.
      sentPerSecond: sentTimes.length > 1 ? ((sentTimes.length - 1) * 1000) / (lastSent - firstSent) : Number.NaN,
      ackedPerSecond,
    },
    lastMemberMs: summarize(last.map(([, latency]) => latency)),
    eachMemberMs: summarize(each),
    ackMs: summarize(acks),
    p99ByThirdMs: thirds,
    // As for pairs: no loss, the last third near the first, and the offered rate kept up with.
    bounded:
      missing === 0 &&
      (last.length < 3 || thirds[2] <= Math.max(2 * thirds[0], thirds[0] + 10)) &&
      (messages < 2 || ackedPerSecond >= 0.95 * options.offeredPerSecond),
    acked,
    complete,
    missing,
    duplicates,
    unexpected,
    errors,
    serverCpuMs: options.serverCpuMs,
    cpuPerMessageMs: options.serverCpuMs / messages,
    cpuPerDeliveryUs: (1000 * options.serverCpuMs) / deliveries,
  };
}
