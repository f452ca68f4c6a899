// Privacy settings and watcher information for the client's unit tests.
import type { PrivacySettings, WatcherInformation } from "@/lib/protocol";

export const settings = (overrides: Partial<PrivacySettings> = {}): PrivacySettings => ({
  rules: [],
  defaults: true,
  invisible: false,
  watcherRetentionDays: 30,
  visibility: { all: "visible", people: [] },
  ...overrides,
});

export const watchers = (overrides: Partial<WatcherInformation> = {}): WatcherInformation => ({
  rows: [],
  hidden: { watchers: 0, count: 0 },
  namesWithheld: false,
  retentionDays: 30,
  daily: [],
  ...overrides,
});
