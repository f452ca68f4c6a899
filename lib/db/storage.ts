// Every store, by the interface the services use: what a backend (SQLite or PostgreSQL through
// Prisma, or memory) provides. lib/services.ts wires the Prisma stores one by one; tests build a
// whole backend with createPrismaStorage (prisma-storage.ts) or createMemoryStorage
// (memory-storage.ts).
import type { GroupMessageSearch } from "./groups/group-message-search";
import type { GroupConversationStore } from "./groups/group-store";
import type { AccountStore } from "./accounts/account-store";
import type { AdminStore } from "./accounts/admin-store";
import type { ExportStore } from "./accounts/export-store";
import type { ScramStore } from "./accounts/scram-store";
import type { XmppCursorStore } from "./xmpp/cursor-store";
import type { TokenStore } from "./accounts/token-store";
import type { AttachmentStore } from "./attachments/attachment-store";
import type { InboxSettingsStore } from "./im/inbox-settings-store";
import type { MessageChangeStore } from "./im/message-change-store";
import type { MessageSearch } from "./im/message-search";
import type { MessageStore } from "./im/message-store";
import type { AccessRuleStore } from "./presence/access-rule-store";
import type { GroupStore } from "./presence/group-store";
import type { PresenceStore } from "./presence/presence-store";
import type { SubscriptionStore } from "./presence/subscription-store";
import type { QuietHoursStore } from "./presence/quiet-hours-store";
import type { WatchStore } from "./presence/watch-store";
import type { PushStore } from "./push/push-store";

export type Storage = {
  accounts: AccountStore;
  admin: AdminStore;
  exports: ExportStore;
  tokens: TokenStore;
  scram: ScramStore;
  inboxSettings: InboxSettingsStore;
  messages: MessageStore;
  messageChanges: MessageChangeStore;
  search: MessageSearch;
  rules: AccessRuleStore;
  groups: GroupStore;
  presence: PresenceStore;
  subscriptions: SubscriptionStore;
  watches: WatchStore;
  quietHours: QuietHoursStore;
  push: PushStore;
  attachments: AttachmentStore;
  groupConversations: GroupConversationStore;
  groupSearch: GroupMessageSearch;
  xmppCursors: XmppCursorStore;
};
