// Every store on one Prisma client (SQLite or PostgreSQL), as lib/services.ts wires them.
import { createPrismaGroupMessageSearch } from "./groups/prisma-group-message-search";
import { createPrismaGroupConversationStore } from "./groups/prisma-group-store";
import { createPrismaAccountStore } from "./accounts/prisma-account-store";
import { createPrismaAdminStore } from "./accounts/prisma-admin-store";
import { createPrismaExportStore } from "./accounts/prisma-export-store";
import { createPrismaScramStore } from "./accounts/prisma-scram-store";
import { createPrismaTokenStore } from "./accounts/prisma-token-store";
import { createPrismaXmppCursorStore } from "./xmpp/prisma-cursor-store";
import { createPrismaAttachmentStore } from "./attachments/prisma-attachment-store";
import type { Db } from "./client";
import { createPrismaInboxSettingsStore } from "./im/prisma-inbox-settings-store";
import { createPrismaMessageChangeStore } from "./im/prisma-message-change-store";
import { createPrismaMessageSearch } from "./im/prisma-message-search";
import { createPrismaMessageStore } from "./im/prisma-message-store";
import { createPrismaAccessRuleStore } from "./presence/prisma-access-rule-store";
import { createPrismaGroupStore } from "./presence/prisma-group-store";
import { createPrismaPresenceStore } from "./presence/prisma-presence-store";
import { createPrismaSubscriptionStore } from "./presence/prisma-subscription-store";
import { createPrismaQuietHoursStore } from "./presence/prisma-quiet-hours-store";
import { createPrismaWatchStore } from "./presence/prisma-watch-store";
import { createPrismaPushStore } from "./push/prisma-push-store";
import type { Storage } from "./storage";

export function createPrismaStorage(db: Db, provider: "sqlite" | "postgresql"): Storage {
  return {
    accounts: createPrismaAccountStore(db),
    admin: createPrismaAdminStore(db, provider),
    exports: createPrismaExportStore(db),
    tokens: createPrismaTokenStore(db),
    scram: createPrismaScramStore(db),
    xmppCursors: createPrismaXmppCursorStore(db),
    inboxSettings: createPrismaInboxSettingsStore(db),
    messages: createPrismaMessageStore(db, provider),
    messageChanges: createPrismaMessageChangeStore(db, provider),
    search: createPrismaMessageSearch(db, provider),
    rules: createPrismaAccessRuleStore(db),
    groups: createPrismaGroupStore(db),
    presence: createPrismaPresenceStore(db, provider),
    subscriptions: createPrismaSubscriptionStore(db),
    watches: createPrismaWatchStore(db),
    quietHours: createPrismaQuietHoursStore(db),
    push: createPrismaPushStore(db),
    attachments: createPrismaAttachmentStore(db),
    groupConversations: createPrismaGroupConversationStore(db, provider),
    groupSearch: createPrismaGroupMessageSearch(db, provider),
  };
}
