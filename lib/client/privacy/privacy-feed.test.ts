import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WatchNotice } from "@/lib/protocol";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { feedPrivacy } from "./privacy-feed";
import { settings, watchers } from "@/lib/client/testing/privacy-fixtures";
import { createPrivacyStore } from "./privacy-store";

/** The names of the commands a fake socket sent, in order. */
const commands = (sent: { event: string }[]) => sent.map((entry) => entry.event);
const info = (retentionDays: number) => watchers({ retentionDays });
const notice: WatchNotice = { username: "bob", displayName: "Bob", kind: "fetch", at: "2026-11-01T00:00:00.000Z", hidden: false };

describe("feedPrivacy", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fetches settings at once, and watcher information only while wanted", async () => {
    const store = createPrivacyStore();
    const { socket, sent } = fakeSocket({ "privacy:get": () => settings(), "watchers:get": () => info(30) });
    feedPrivacy(socket as never, store, { debounceMs: 500, settleMs: 5_500 });
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().settings).toEqual(settings());
    expect(commands(sent)).toEqual(["privacy:get"]);
    store.wantWatchers();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().watchers?.retentionDays).toBe(30);
  });

  it("refetches once after a burst of watch events, and again once the server has written them", async () => {
    const store = createPrivacyStore();
    let days = 0;
    const { socket, sent } = fakeSocket({ "privacy:get": () => settings(), "watchers:get": () => info((days += 1)) });
    feedPrivacy(socket as never, store, { debounceMs: 500, settleMs: 5_500 });
    store.wantWatchers();
    await vi.advanceTimersByTimeAsync(6_000);
    sent.length = 0;
    for (let i = 0; i < 3; i += 1) socket.emit("watchers:event", notice);
    expect(store.getState().latestWatch).toEqual(notice);
    await vi.advanceTimersByTimeAsync(499);
    expect(commands(sent)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(commands(sent)).toEqual(["watchers:get"]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(commands(sent)).toEqual(["watchers:get", "watchers:get"]);
  });

  it("stops listening when detached", async () => {
    const store = createPrivacyStore();
    const { socket } = fakeSocket({ "privacy:get": () => settings() });
    const detach = feedPrivacy(socket as never, store);
    detach();
    socket.emit("privacy:changed", settings({ invisible: true }));
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().settings?.invisible).toBe(false);
  });
});
