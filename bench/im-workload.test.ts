import { describe, expect, it } from "vitest";
import { busiestSender, makeMessageSchedule, messageSeqOf, partnerOf } from "./im-workload";

describe("the message schedule", () => {
  const options = { clients: 2000, rate: 1000, seconds: 15, seed: 3 };

  it("is reproducible, evenly paced at the offered rate, from each client to its partner", () => {
    const schedule = makeMessageSchedule(options);
    expect(schedule).toEqual(makeMessageSchedule(options));
    expect(schedule).toHaveLength(15_000);
    expect(schedule.at(-1)!.offsetMs).toBeCloseTo(14_999, 3);
    expect(schedule.every((message) => message.recipient === partnerOf(message.sender))).toBe(true);
    expect(partnerOf(6)).toBe(7);
    expect(partnerOf(7)).toBe(6);
  });

  it("has one body length and a seq in every body", () => {
    const schedule = makeMessageSchedule({ ...options, firstSeq: 500 });
    expect(new Set(schedule.map((message) => message.body.length)).size).toBe(1);
    expect(schedule.every((message) => messageSeqOf(message.body) === message.seq)).toBe(true);
    expect(messageSeqOf("hello")).toBeNull();
  });

  it("keeps every sender far inside the anti-spam limit (30 in 10 s)", () => {
    expect(busiestSender(makeMessageSchedule(options), 10_000)).toBeLessThanOrEqual(7);
    expect(busiestSender(makeMessageSchedule({ ...options, rate: 2000 }), 10_000)).toBeLessThanOrEqual(12);
  });

  it("refuses clients that cannot pair up", () => {
    expect(() => makeMessageSchedule({ ...options, clients: 3 })).toThrow(RangeError);
  });
});
