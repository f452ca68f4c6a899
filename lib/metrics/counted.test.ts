import { describe, expect, it } from "vitest";
import { countingAdds, measuredPushes } from "./counted";

describe("countingAdds", () => {
  it("counts what add wrote, not what it refused, and keeps the other methods", async () => {
    let stored = 0;
    const store = {
      add: async (body: string) => {
        if (body === "") throw new Error("refused");
        return { body };
      },
      count: () => 42,
    };
    const counted = countingAdds(store, () => (stored += 1));
    expect(await counted.add("hi")).toEqual({ body: "hi" });
    await expect(counted.add("")).rejects.toThrow("refused");
    expect(stored).toBe(1);
    expect(counted.count()).toBe(42);
    expect({ ...counted }.count()).toBe(42);
  });
});

describe("measuredPushes", () => {
  it("reports each push's outcome and passes it on", async () => {
    const seen: string[] = [];
    const transport = measuredPushes({ send: async (_subscription, payload) => (payload === "x" ? "gone" : "sent") }, (outcome, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      seen.push(outcome);
    });
    const device = { endpoint: "https://push.example/1", p256dh: "k", auth: "a" };
    expect(await transport.send(device, "hello")).toBe("sent");
    expect(await transport.send(device, "x")).toBe("gone");
    expect(seen).toEqual(["sent", "gone"]);
  });
});
