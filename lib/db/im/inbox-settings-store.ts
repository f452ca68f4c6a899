// Storage of each INSTANT INBOX's delivery rules (its settings; the client's InboxStore is
// something else). An account without a row has the defaults. Implementations:
// prisma-inbox-settings-store.ts, memory-im-storage.ts.
import type { InboxSettings } from "@/lib/protocol/im";

export const DEFAULT_INBOX_SETTINGS: InboxSettings = { acceptFrom: "everyone", readReceipts: true, notifyWhileBusy: false };

export interface InboxSettingsStore {
  /** The account's settings (the defaults without a row). */
  settings(userId: string): Promise<InboxSettings>;
  /** Settings of several accounts (the defaults for those without a row). */
  settingsOf(userIds: string[]): Promise<Map<string, InboxSettings>>;
  /** Changes some settings; returns them all as they now are. */
  save(userId: string, changes: Partial<InboxSettings>): Promise<InboxSettings>;
}
