import { describe, expect, it, vi } from "vitest";
import { settings, watchers } from "@/lib/client/testing/privacy-fixtures";
import { createPrivacyStore, initialPrivacyState, reducePrivacy } from "./privacy-store";

describe("reducePrivacy", () => {
  it("replaces the settings with each answer or broadcast, and ignores the same object twice", () => {
    const first = settings();
    const state = reducePrivacy(initialPrivacyState, { type: "settings", settings: first });
    expect(state.settings).toBe(first);
    expect(reducePrivacy(state, { type: "settings", settings: first })).toBe(state);
    expect(reducePrivacy(state, { type: "settings", settings: settings({ invisible: true }) }).settings?.invisible).toBe(true);
  });

  it("keeps the last watcher list when a refresh fails, and clears the error on success", () => {
    const listed = reducePrivacy(initialPrivacyState, { type: "watchers", watchers: watchers({ retentionDays: 7 }) });
    const failed = reducePrivacy(listed, { type: "watchers-failed", error: { code: "internal", message: "Oops." } });
    expect(failed.watchers?.retentionDays).toBe(7);
    expect(failed.watchersError?.message).toBe("Oops.");
    expect(reducePrivacy(failed, { type: "watchers", watchers: watchers() }).watchersError).toBeNull();
  });

  it("remembers the newest watch notice", () => {
    const notice = { username: "bob", displayName: "Bob", kind: "fetch", at: "2026-11-01T00:00:00.000Z", hidden: false } as const;
    expect(reducePrivacy(initialPrivacyState, { type: "watched", notice }).latestWatch).toEqual(notice);
  });
});

describe("createPrivacyStore", () => {
  it("notifies subscribers only on change", () => {
    const store = createPrivacyStore();
    const listener = vi.fn();
    store.subscribe(listener);
    const value = settings();
    store.receiveSettings(value);
    store.receiveSettings(value);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("counts who wants watcher information and tells the feed when the first one does", () => {
    const store = createPrivacyStore();
    const wanted = vi.fn();
    store.onWatchersWanted(wanted);
    const release = store.wantWatchers();
    const other = store.wantWatchers();
    expect(wanted).toHaveBeenCalledTimes(1);
    release();
    release();
    expect(store.watchersWanted()).toBe(true);
    other();
    expect(store.watchersWanted()).toBe(false);
  });

  it("forgets the settings and watchers when the session ends", () => {
    const store = createPrivacyStore();
    store.receiveSettings(settings({ invisible: true }));
    store.dispatch({ type: "watchers", watchers: watchers() });
    store.dispatch({ type: "reset" });
    expect(store.getState()).toBe(initialPrivacyState);
  });
});
