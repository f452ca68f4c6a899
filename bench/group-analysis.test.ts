import { describe, expect, it } from "vitest";
import { analyseGroupMessages } from "./group-analysis";
import { GROUP_RECIPIENTS, makeGroupSchedule, messageSeqOf } from "./im-workload";
import type { ImSendRecord, Receipt } from "./ipc";

describe("the group schedule", () => {
  it("lets every member send in turn, at the offered rate, to the whole group", () => {
    const schedule = makeGroupSchedule({ members: 50, rate: 100, seconds: 10, seed: 1 });
    expect(schedule).toHaveLength(1000);
    expect(schedule.at(-1)!.offsetMs).toBeCloseTo(9990, 3);
    expect(schedule.every((message) => message.recipient === GROUP_RECIPIENTS && messageSeqOf(message.body) === message.seq)).toBe(true);
    // Each member sends once per round of 50: 20 messages in 10 s, inside the 30-in-10-s limit.
    expect(new Set(schedule.slice(0, 50).map((message) => message.sender)).size).toBe(50);
  });
});

describe("the group load's figures", () => {
  const schedule = makeGroupSchedule({ members: 3, rate: 10, seconds: 0.3, seed: 1 });
  const sends: ImSendRecord[] = schedule.map((message, index) => ({
    seq: message.seq,
    sentAt: 1000 + 100 * index,
    ackedAt: 1005 + 100 * index,
    error: null,
    id: `m${index}`,
  }));
  const others = (sender: number) => [0, 1, 2].filter((member) => member !== sender);

  it("times the last member of each message", () => {
    const receipts: Receipt[] = schedule.flatMap((message, index) =>
      others(message.sender).map((receiver, order): Receipt => [message.seq, receiver, 1000 + 100 * index + 3 + 4 * order]),
    );
    const figures = analyseGroupMessages({ schedule, members: [0, 1, 2], offeredPerSecond: 10, sends, receipts, serverCpuMs: 6 });
    expect(figures.lastMemberMs.max).toBe(7);
    expect(figures.eachMemberMs.p50).toBe(3);
    expect(figures.ackMs.p99).toBe(5);
    expect(figures).toMatchObject({ acked: 3, complete: 3, missing: 0, duplicates: 0, unexpected: 0, cpuPerMessageMs: 2 });
    expect(figures.cpuPerDeliveryUs).toBe(1000);
  });

  it("counts a member who never got a message, a second copy, and the sender's own copy", () => {
    const receipts: Receipt[] = [
      ...schedule.slice(1).flatMap((message) => others(message.sender).map((receiver): Receipt => [message.seq, receiver, 2000])),
      [schedule[0]!.seq, others(schedule[0]!.sender)[0]!, 2000],
      [schedule[1]!.seq, others(schedule[1]!.sender)[0]!, 2001],
      [schedule[2]!.seq, schedule[2]!.sender, 2002],
    ];
    const figures = analyseGroupMessages({ schedule, members: [0, 1, 2], offeredPerSecond: 10, sends, receipts, serverCpuMs: 6 });
    expect(figures).toMatchObject({ complete: 2, missing: 1, duplicates: 1, unexpected: 1, bounded: false });
  });
});
