import { describe, expect, it } from "vitest";
import { createMemoryTables } from "@/lib/db/memory-tables";
import { createMemoryQuietHoursStore } from "@/lib/db/presence/memory-quiet-hours-store";
import { createMemoryPushStore } from "@/lib/db/push/memory-push-store";
import { createPushService } from "./push-service";
import type { PushOutcome } from "./transport";

const device = (n: number) => ({ endpoint: `https://push.example/${n}`, keys: { p256dh: `key${n}`, auth: `auth${n}` } });
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

function setup(
  options: { visible?: Set<string>; outcome?: (endpoint: string) => PushOutcome; notifyWhileBusy?: boolean; now?: () => Date } = {},
) {
  const tables = createMemoryTables(options.now);
  const store = createMemoryPushStore(tables);
  const quietHours = createMemoryQuietHoursStore(tables);
  const sent: { endpoint: string; payload: unknown }[] = [];
  const push = createPushService({
    store,
    transport: {
      async send(subscription, payload) {
        sent.push({ endpoint: subscription.endpoint, payload: JSON.parse(payload) });
        return options.outcome?.(subscription.endpoint) ?? "sent";
      },
    },
    tabs: {
      visibleTabHere: (userId) => options.visible?.has(userId) ?? false,
      visibleTabOpen: async (userId) => options.visible?.has(userId) ?? false,
    },
    publicKey: "public",
    notifyWhileBusy: async () => options.notifyWhileBusy ?? false,
    quietHours,
    logger: { warn: () => {}, error: () => {} },
  });
  return { store, quietHours, sent, push };
}

const delivered = { recipientId: "bob", from: "alice", messageId: "m1", body: "hi", request: false, first: true, busy: false, notifyWhileBusy: false, muted: false };

describe("push service", () => {
  it("lists a device by its browser, replaces it when it subscribes again, and removes it", async () => {
    const { push } = setup();
    const first = await push.subscribe({ id: "bob" }, device(1), FIREFOX);
    expect(first).toMatchObject({ device: "Firefox on Linux", endpoint: device(1).endpoint });
    const again = await push.subscribe({ id: "bob" }, { ...device(1), keys: { p256dh: "new", auth: "new" } }, FIREFOX);
    expect(again.id).toBe(first.id);
    expect(await push.list({ id: "bob" })).toHaveLength(1);
    await expect(push.remove({ id: "alice" }, first.id)).rejects.toMatchObject({ code: "not_found" });
    await push.remove({ id: "bob" }, first.id);
    expect(await push.list({ id: "bob" })).toEqual([]);
  });

  it("sends a message to every device of a recipient with no visible tab", async () => {
    const { push, sent } = setup();
    await push.subscribe({ id: "bob" }, device(1), null);
    await push.subscribe({ id: "bob" }, device(2), null);
    push.messageDelivered(delivered);
    await push.settled();
    expect(sent.map((s) => s.endpoint).sort()).toEqual([device(1).endpoint, device(2).endpoint]);
    expect(sent[0]!.payload).toEqual({ title: "alice", body: "hi", url: "/messages/alice", tag: "m1", silent: false });
  });

  it("sends nothing for a muted conversation or a muted message request", async () => {
    const { push, sent } = setup();
    await push.subscribe({ id: "bob" }, device(1), null);
    push.messageDelivered({ ...delivered, muted: true });
    push.messageDelivered({ ...delivered, messageId: "m2", request: true, muted: true });
    await push.settled();
    expect(sent).toEqual([]);
    push.messageDelivered(delivered);
    await push.settled();
    expect(sent).toHaveLength(1);
  });

  it("sends nothing during quiet hours, even with notify-while-busy, and again once they end", async () => {
    const { push, sent, quietHours } = setup({ notifyWhileBusy: true });
    await push.subscribe({ id: "bob" }, device(1), null);
    const allWeek = [0, 1, 2, 3, 4, 5, 6];
    await quietHours.save("bob", { zone: "UTC", ranges: [{ days: allWeek, start: "00:00", end: "00:00" }] });
    push.messageDelivered({ ...delivered, busy: true, notifyWhileBusy: true });
    push.contactRequestDelivered({ presentityId: "bob", from: "alice", busy: true });
    await push.settled();
    expect(sent).toEqual([]);
    await quietHours.save("bob", null);
    push.messageDelivered(delivered);
    await push.settled();
    expect(sent).toHaveLength(1);
  });

  it("sends nothing while a tab is visible", async () => {
    const { push, sent } = setup({ visible: new Set(["bob"]) });
    await push.subscribe({ id: "bob" }, device(1), null);
    push.messageDelivered(delivered);
    push.contactRequestDelivered({ presentityId: "bob", from: "alice", busy: false });
    await push.settled();
    expect(sent).toEqual([]);
  });

  it("follows the choice to hide message text", async () => {
    const { push, sent } = setup();
    await push.subscribe({ id: "bob" }, device(1), null);
    await push.setSettings({ id: "bob" }, { showText: false });
    push.messageDelivered(delivered);
    await push.settled();
    expect(sent[0]!.payload).toMatchObject({ title: "New message from alice", body: "" });
  });

  it("asks the inbox settings about a contact request while busy", async () => {
    const quiet = setup({ notifyWhileBusy: false });
    await quiet.push.subscribe({ id: "bob" }, device(1), null);
    quiet.push.contactRequestDelivered({ presentityId: "bob", from: "alice", busy: true });
    await quiet.push.settled();
    expect(quiet.sent).toEqual([]);
    const loud = setup({ notifyWhileBusy: true });
    await loud.push.subscribe({ id: "bob" }, device(1), null);
    loud.push.contactRequestDelivered({ presentityId: "bob", from: "alice", busy: true });
    await loud.push.settled();
    expect(loud.sent[0]!.payload).toMatchObject({ title: "alice wants to add you as a contact", url: "/" });
  });

  it("removes a device the push service no longer knows, and keeps one that failed for now", async () => {
    const { push, store } = setup({ outcome: (endpoint) => (endpoint.endsWith("/1") ? "gone" : "failed") });
    await push.subscribe({ id: "bob" }, device(1), null);
    await push.subscribe({ id: "bob" }, device(2), null);
    push.messageDelivered(delivered);
    await push.settled();
    expect((await store.list("bob")).map((s) => s.endpoint)).toEqual([device(2).endpoint]);
  });

  it("keeps an account's 20 newest devices", async () => {
    // Distinct creation times from a clock of the test's own (a 1 ms timer may fire within the same millisecond).
    let clock = Date.parse("2026-12-01T00:00:00Z");
    const { push } = setup({ now: () => new Date(clock) });
    for (let n = 1; n <= 21; n++) {
      await push.subscribe({ id: "bob" }, device(n), null);
      clock += 1000;
    }
    const endpoints = (await push.list({ id: "bob" })).map((entry) => entry.endpoint);
    expect(endpoints).toHaveLength(20);
    expect(endpoints).not.toContain(device(1).endpoint);
    expect(endpoints).toContain(device(21).endpoint);
  });

  it("forgets everything of a deleted account", async () => {
    const { push, store } = setup();
    await push.subscribe({ id: "bob" }, device(1), null);
    await push.setSettings({ id: "bob" }, { showText: false });
    await push.accountDeleted("bob");
    expect(await store.list("bob")).toEqual([]);
    expect(await push.settings({ id: "bob" })).toEqual({ showText: true });
  });
});
