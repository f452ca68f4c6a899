// Every store in memory, over one set of tables (memory-tables.ts): for unit tests of services.
import { createMemoryGroupMessageSearch } from "./groups/memory-group-message-search";
import { createMemoryGroupConversationStore } from "./groups/memory-group-store";
import { createMemoryAccountStore } from "./accounts/memory-account-store";
import { createMemoryAdminStore } from "./accounts/memory-admin-store";
import { createMemoryExportStore } from "./accounts/memory-export-store";
import { createMemoryScramStore } from "./accounts/memory-scram-store";
import { createMemoryTokenStore } from "./accounts/memory-token-store";
import { createMemoryXmppCursorStore } from "./xmpp/memory-cursor-store";
import { createMemoryAttachmentStore } from "./attachments/memory-attachment-store";
import { createMemoryInboxSettingsStore } from "./im/memory-inbox-settings-store";
import { createMemoryMessageChangeStore } from "./im/memory-message-change-store";
import { createMemoryMessageSearch } from "./im/memory-message-search";
import { createMemoryMessageStore } from "./im/memory-message-store";
import { createMemoryTables, type MemoryTables } from "./memory-tables";
import { createMemoryAccessRuleStore } from "./presence/memory-access-rule-store";
import { createMemoryGroupStore } from "./presence/memory-group-store";
import { createMemoryPresenceStore } from "./presence/memory-presence-store";
import { createMemorySubscriptionStore } from "./presence/memory-subscription-store";
import { createMemoryQuietHoursStore } from "./presence/memory-quiet-hours-store";
import { createMemoryWatchStore } from "./presence/memory-watch-store";
import { createMemoryPushStore } from "./push/memory-push-store";
import type { Storage } from "./storage";

/** The stores, and the tables under them (a test may look, as it would run SQL). */
export function createMemoryStorage(now?: () => Date): Storage & { tables: MemoryTables } {
  const tables = createMemoryTables(now);
  return {
    tables,
    accounts: createMemoryAccountStore(tables),
    admin: createMemoryAdminStore(tables),
    exports: createMemoryExportStore(tables),
    tokens: createMemoryTokenStore(tables),
    scram: createMemoryScramStore(tables),
    xmppCursors: createMemoryXmppCursorStore(tables),
    inboxSettings: createMemoryInboxSettingsStore(tables),
    messages: createMemoryMessageStore(tables),
    messageChanges: createMemoryMessageChangeStore(tables),
    search: createMemoryMessageSearch(tables),
    rules: createMemoryAccessRuleStore(tables),
    groups: createMemoryGroupStore(tables),
    presence: createMemoryPresenceStore(tables),
    subscriptions: createMemorySubscriptionStore(tables),
    watches: createMemoryWatchStore(tables),
    quietHours: createMemoryQuietHoursStore(tables),
    push: createMemoryPushStore(tables),
    attachments: createMemoryAttachmentStore(tables),
    groupConversations: createMemoryGroupConversationStore(tables),
    groupSearch: createMemoryGroupMessageSearch(tables),
  };
}
