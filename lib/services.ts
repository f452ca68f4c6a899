// The composition root: builds every service once from its dependencies. server.ts calls
// createServices() at start and registers the result; Next.js code (route handlers, server
// actions, Auth.js callbacks) runs in the same process and reaches it through getServices().
import { createAccessTokens } from "@/lib/accounts/access-tokens";
import { createAccountService } from "@/lib/accounts/account-service";
import { createAccountSettings } from "@/lib/accounts/account-settings";
import { createAdminService } from "@/lib/admin/admin-service";
import { createPrismaAdminStore } from "@/lib/db/accounts/prisma-admin-store";
import { createPrismaExportStore } from "@/lib/db/accounts/prisma-export-store";
import { createLoginThrottle } from "@/lib/accounts/login-throttle";
import { createPasswordAttempts } from "@/lib/accounts/password-attempts";
import { createSignUpLimiter } from "@/lib/accounts/signup-limiter";
import { createPrismaAccessRuleStore } from "@/lib/db/presence/prisma-access-rule-store";
import { createPrismaAccountStore } from "@/lib/db/accounts/prisma-account-store";
import { memoryLimiters, redisLimiters } from "@/lib/cluster/limiters";
import type { RedisConnections } from "@/lib/cluster/redis";
import { createRedisXmppRelay } from "@/lib/cluster/xmpp-relay";
import type { Db } from "@/lib/db/client";
import { createPrismaGroupStore } from "@/lib/db/presence/prisma-group-store";
import { createPrismaInboxSettingsStore } from "@/lib/db/im/prisma-inbox-settings-store";
import { createPrismaMessageChangeStore } from "@/lib/db/im/prisma-message-change-store";
import { createPrismaMessageSearch } from "@/lib/db/im/prisma-message-search";
import { createPrismaGroupMessageSearch } from "@/lib/db/groups/prisma-group-message-search";
import { createPrismaMessageStore } from "@/lib/db/im/prisma-message-store";
import { createPrismaPresenceStore } from "@/lib/db/presence/prisma-presence-store";
import { createPrismaSubscriptionStore } from "@/lib/db/presence/prisma-subscription-store";
import { createPrismaTokenStore } from "@/lib/db/accounts/prisma-token-store";
import { createPrismaWatchStore } from "@/lib/db/presence/prisma-watch-store";
import { databaseProvider, type ServerEnv } from "@/lib/env";
import { createPrismaAttachmentStore } from "@/lib/db/attachments/prisma-attachment-store";
import { createFolderBlobStore } from "@/lib/db/blobs/folder-blob-store";
import { createS3BlobStore } from "@/lib/db/blobs/s3-blob-store";
import { createAttachmentService } from "@/lib/im/attachments/attachment-service";
import { attachmentView } from "@/lib/im/attachments-view";
import { createPrismaGroupConversationStore } from "@/lib/db/groups/prisma-group-store";
import { createGroupChanges } from "@/lib/im/groups/group-changes";
import { createGroupMessaging } from "@/lib/im/groups/group-messaging";
import { createGroupSearch } from "@/lib/im/groups/group-search";
import { createGroupReader } from "@/lib/im/groups/group-reader";
import { createGroupService } from "@/lib/im/groups/group-service";
import { createInboxReader } from "@/lib/im/inbox-reader";
import { createInboxService } from "@/lib/im/inbox-service";
import { createMessageChangeService } from "@/lib/im/message-change-service";
import { createMessagingService } from "@/lib/im/messaging-service";
import { createSendLimiter } from "@/lib/im/send-limiter";
import type { Logger } from "@/lib/log";
import { countingAdds, measuredPushes } from "@/lib/metrics/counted";
import type { Metrics } from "@/lib/metrics/metrics";
import { createLocalCluster, type PresenceCluster } from "@/lib/presence/cluster";
import { createKnownAccounts } from "@/lib/presence/known-account";
import { createPollLimiter } from "@/lib/presence/poll-limiter";
import { createPresenceService } from "@/lib/presence/presence-service";
import { createPresenceState } from "@/lib/presence/presence-state";
import { createSubscriptionService } from "@/lib/presence/subscription-service";
import { createPrivacyService } from "@/lib/presence/privacy-service";
import { createPrismaQuietHoursStore } from "@/lib/db/presence/prisma-quiet-hours-store";
import { createPrismaPushStore } from "@/lib/db/push/prisma-push-store";
import { createPushService } from "@/lib/push/push-service";
import { createWebPushTransport } from "@/lib/push/transport";
import { vapidKeys } from "@/lib/push/vapid";
import { createWatchLog, type WatchEvent } from "@/lib/presence/watch-log";
import { createWatcherInfo } from "@/lib/presence/watcher-info";
import { createCommandLimiter } from "@/lib/realtime/command-limiter";
import { createSocketNotifier } from "@/lib/realtime/notifier";
import { createXmppCredentials } from "@/lib/accounts/xmpp-credentials";
import { createPrismaScramStore } from "@/lib/db/accounts/prisma-scram-store";
import { createXmppNotifier, withXmppSessions } from "@/lib/xmpp/notifier";
import { createPrismaXmppCursorStore } from "@/lib/db/xmpp/prisma-cursor-store";
import { createResourceDelivery } from "@/lib/im/resource-delivery";
import { peekSingleton, setSingleton } from "@/lib/singleton";
import path from "node:path";

export function createServices(deps: {
  db: Db;
  env: ServerEnv;
  logger: Logger;
  /** Present when the service runs as a cluster of instances (REDIS_URL). */
  redis?: RedisConnections;
  cluster?: PresenceCluster;
  /** Present when the operator turned metrics on (METRICS_TOKEN / METRICS_ADDRESS). */
  metrics?: Metrics;
}) {
  const { db, env, logger, redis, metrics } = deps;
  const cluster = deps.cluster ?? createLocalCluster();
  const limiters = redis ? redisLimiters(redis) : memoryLimiters;
  const provider = databaseProvider(env.DATABASE_URL);
  const presenceStore = createPrismaPresenceStore(db, provider);
  const subscriptionStore = createPrismaSubscriptionStore(db);
  // XMPP sessions hear what sockets hear (lib/xmpp/notifier.ts).
  const xmppSessions = createXmppNotifier();
  if (redis) {
    xmppSessions.relayThrough(createRedisXmppRelay({ redis, instanceId: cluster.instanceId, logger, deliver: xmppSessions.relayed }));
  }
  const notifier = withXmppSessions(createSocketNotifier(metrics), xmppSessions);
  const watchStore = createPrismaWatchStore(db);
  const accountStore = createPrismaAccountStore(db);
  // Watch events feed live watcher information, which is built after the presence service.
  let onWatch: (event: WatchEvent) => void = () => {};
  const watchLog = createWatchLog({ store: watchStore, logger, onEvent: (event) => onWatch(event) });
  const groupStore = createPrismaGroupStore(db);
  const ruleStore = createPrismaAccessRuleStore(db);
  const quietHoursStore = createPrismaQuietHoursStore(db);
  const state = createPresenceState({
    presence: presenceStore,
    subscriptions: subscriptionStore,
    groups: groupStore,
    rules: ruleStore,
    quietHours: quietHoursStore,
    cluster,
    now: Date.now,
  });
  const messageStore = metrics
    ? countingAdds(createPrismaMessageStore(db, provider), metrics.messageStored)
    : createPrismaMessageStore(db, provider);
  const messageChangeStore = createPrismaMessageChangeStore(db, provider);
  // Every name a caller gives goes through here; the decision is the presence service's.
  const known = createKnownAccounts({ state, blocks: (...args) => presence.access.blocks(...args) });
  const presence = createPresenceService({
    state,
    known,
    store: presenceStore,
    quietHours: quietHoursStore,
    notifier,
    cluster,
    watchLog,
    logger: logger.child({ component: "presence" }),
    graceMs: env.PRESENCE_GRACE_MS,
    coalesceMs: env.PRESENCE_COALESCE_MS,
  });
  // One throttle for every password check, sign-in and re-asked current passwords alike.
  const passwordAttempts = createPasswordAttempts({
    throttle: createLoginThrottle(limiters),
    signInAddresses: (username) => accountStore.signInAddresses(username, new Date()),
  });
  const accounts = createAccountService({
    accounts: accountStore,
    sessionMaxAgeMs: env.SESSION_MAX_AGE_DAYS * 24 * 60 * 60 * 1000,
    onProfileChanged: (user) => presence.profileChanged(user.id, user.displayName),
    onAccountCreated: (user) => state.nameTaken(user.username),
    sessions: notifier,
    profiles: notifier,
    signups: env.SIGNUPS,
    signUpLimiter: createSignUpLimiter(env.SIGNUPS_PER_ADDRESS_PER_HOUR, limiters),
    passwordAttempts,
    onPasswordKnown: (userId, password) => xmppCredentials.passwordKnown(userId, password),
  });

  const inboxSettingsStore = createPrismaInboxSettingsStore(db);
  const vapid = vapidKeys(env);
  const pushLogger = logger.child({ component: "push" });
  const webPush = createWebPushTransport(vapid, (error) => pushLogger.warn({ err: error }, "a push service refused a push"));
  const push = createPushService({
    store: createPrismaPushStore(db),
    transport: metrics ? measuredPushes(webPush, metrics.pushSent) : webPush,
    tabs: notifier,
    publicKey: vapid.publicKey,
    notifyWhileBusy: async (userId) => (await inboxSettingsStore.settings(userId)).notifyWhileBusy,
    quietHours: quietHoursStore,
    logger: pushLogger,
  });

  const subscriptions = createSubscriptionService({
    state,
    presence: presence.access,
    subscriptions: subscriptionStore,
    groups: groupStore,
    notifier,
    watchLog,
    known,
    push,
  });
  const watcherInfo = createWatcherInfo({
    state,
    watches: watchStore,
    accounts: accountStore,
    subscriptions: subscriptionStore,
    presenceStore,
    flushWatches: () => watchLog.flush(),
    logger: logger.child({ component: "watcher-info" }),
    notify: (presentityId, notice) => notifier.watched(presentityId, notice),
  });
  onWatch = (event) => void watcherInfo.onWatch(event);
  const privacy = createPrivacyService({
    state,
    presence: presence.access,
    subscriptions,
    rules: ruleStore,
    presenceStore,
    accounts: accountStore,
    groups: groupStore,
    notifier,
    known,
  });

  const attachmentLogger = logger.child({ component: "attachments" });
  const attachmentStore = createPrismaAttachmentStore(db);
  const attachments = createAttachmentService({
    store: attachmentStore,
    blobs: env.S3_BUCKET
      ? createS3BlobStore({
          bucket: env.S3_BUCKET,
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          accessKeyId: env.S3_ACCESS_KEY_ID,
          secretAccessKey: env.S3_SECRET_ACCESS_KEY,
          forcePathStyle: env.S3_FORCE_PATH_STYLE,
          prefix: env.S3_PREFIX,
        })
      : createFolderBlobStore(path.join(env.DATA_DIR, "attachments")),
    messages: messageStore,
    blocks: async (ownerId, viewerId) => {
      const entry = await state.get(ownerId);
      return entry ? presence.access.blocks(entry, viewerId) : false;
    },
    // Called only once serving files, after everything here is built.
    groupMessageShown: (viewerId, messageId) => groupReader.shownTo(viewerId, messageId),
    limits: {
      maxBytes: env.ATTACHMENT_MAX_BYTES,
      quotaBytes: env.ATTACHMENT_QUOTA_BYTES,
      uploadLifetimeMs: env.ATTACHMENT_UPLOAD_HOURS * 60 * 60 * 1000,
    },
    logger: attachmentLogger,
  });
  const collectAttachments = () =>
    attachments.collect().catch((error: unknown) => attachmentLogger.error({ err: error }, "collecting attachments failed"));

  const reader = createInboxReader({
    messages: messageStore,
    inboxes: inboxSettingsStore,
    accounts: accountStore,
    changes: messageChangeStore,
    attachments,
  });
  const inbox = createInboxService({
    known,
    messages: messageStore,
    changes: messageChangeStore,
    inboxes: inboxSettingsStore,
    reader,
    search: createPrismaMessageSearch(db, provider),
    accounts: accountStore,
    notifier,
    block: (owner, username) => privacy.quickRule(owner, username, "block"),
    onMessagesRemoved: collectAttachments,
    searchAttachmentNames: (ownerId, terms, beforeSeq, limit) => attachmentStore.searchNames(ownerId, terms, beforeSeq, limit),
  });
  // One budget per sender for one-to-one and group messages alike.
  const sendLimiter = createSendLimiter(limiters, {
    perSender: { points: env.IM_SENDS_PER_10_SECONDS, duration: 10 },
    perStrangerInbox: { points: env.IM_STRANGER_SENDS_PER_MINUTE, duration: 60 },
  });
  const messaging = createMessagingService({
    state,
    known,
    presence: presence.access,
    messages: messageStore,
    changes: messageChangeStore,
    inboxes: inboxSettingsStore,
    inbox,
    reader,
    notifier,
    limiter: sendLimiter,
    logger: logger.child({ component: "messaging" }),
    push,
    attachments,
  });

  // Group conversations: one store, one reader for both services.
  const groupConversationStore = createPrismaGroupConversationStore(db, provider);
  const groupReader = createGroupReader({
    store: groupConversationStore,
    accounts: accountStore,
    state,
    presence: presence.access,
    inboxes: inboxSettingsStore,
    attachments,
  });
  const groups = createGroupService({
    store: groupConversationStore,
    reader: groupReader,
    known,
    state,
    presence: presence.access,
    inboxes: inboxSettingsStore,
    notifier,
    block: (owner, username) => privacy.quickRule(owner, username, "block"),
  });
  const groupMessaging = createGroupMessaging({
    store: groupConversationStore,
    reader: groupReader,
    state,
    presence: presence.access,
    inboxes: inboxSettingsStore,
    notifier,
    limiter: sendLimiter,
    attachments,
    push,
  });
  const groupSearch = createGroupSearch({ store: groupConversationStore, reader: groupReader, search: createPrismaGroupMessageSearch(db, provider) });
  const groupChanges = createGroupChanges({
    store: groupConversationStore,
    reader: groupReader,
    notifier,
    onRetracted: collectAttachments,
  });

  const messageChanges = createMessageChangeService({
    state,
    presence: presence.access,
    messages: messageStore,
    changes: messageChangeStore,
    reader,
    notifier,
    onRetracted: collectAttachments,
  });

  const accessTokens = createAccessTokens({
    store: createPrismaTokenStore(db),
    sessions: notifier,
    onXmppTokenCreated: (userId, tokenId, token) => xmppCredentials.tokenCreated(userId, tokenId, token),
  });
  const xmppCredentials = createXmppCredentials({
    scram: createPrismaScramStore(db),
    accounts: accountStore,
    accessTokens,
    passwordAttempts,
    secret: env.AUTH_SECRET,
  });
  const accountSettings = createAccountSettings({
    accounts: accountStore,
    exports: createPrismaExportStore(db),
    watchersAsShown: (presentityId, watcherIds) => watcherInfo.asShownTo(presentityId, watcherIds),
    knownAmong: (userId, ids) => known.knownAmong(userId, ids),
    sessions: notifier,
    tokens: accessTokens,
    passwordAttempts,
    onPasswordKnown: (userId, password) => xmppCredentials.passwordKnown(userId, password),
    attachmentsOf: async (messageIds) => {
      const found = await attachments.ofMessages(messageIds);
      return new Map(
        [...found].map(([messageId, list]) => [
          messageId,
          list.map((attachment) => {
            const view = attachmentView(attachment, true);
            return { id: view.id, name: view.name, type: view.type, size: view.size, url: view.url! };
          }),
        ]),
      );
    },
    onAccountDeleted: async (userId, related) => {
      presence.accountDeleted(userId);
      await push.accountDeleted(userId);
      await attachments.accountDeleted(userId);
      await groups.accountDeleted(userId);
      // Their buddy lists no longer show the account: it now looks unknown to them.
      await subscriptions.refresh(...related);
    },
  });
  const admin = createAdminService({
    accounts: accountStore,
    admin: createPrismaAdminStore(db, provider),
    sessions: notifier,
    suspensions: notifier,
    connectedClients: () => presence.connectedClients(),
  });

  return {
    db,
    env,
    logger,
    notifier,
    metrics,
    accounts,
    accountSettings,
    admin,
    redis,
    cluster,
    accessTokens,
    xmppCredentials,
    xmppSessions,
    xmppDelivery: createResourceDelivery({ inbox, cursors: createPrismaXmppCursorStore(db) }),
    presence,
    subscriptions,
    privacy,
    watcherInfo,
    inbox,
    messaging,
    messageChanges,
    groups,
    groupMessaging,
    groupChanges,
    groupSearch,
    attachments,
    push,
    pollLimiter: createPollLimiter(limiters),
    commandLimiter: createCommandLimiter(
      {
        perMinute: {
          presence: env.PRESENCE_COMMANDS_PER_MINUTE,
          subscription: env.SUBSCRIPTION_COMMANDS_PER_MINUTE,
          lookup: env.LOOKUP_COMMANDS_PER_MINUTE,
          settings: env.SETTINGS_COMMANDS_PER_MINUTE,
          messaging: env.MESSAGING_COMMANDS_PER_MINUTE,
        },
        addressFactor: env.ADDRESS_LIMIT_FACTOR,
      },
      limiters,
    ),
    /** Readiness of what the service depends on. */
    async health(): Promise<Record<string, "ok" | "failing">> {
      const database = await db.$queryRawUnsafe("SELECT 1").then(
        () => "ok" as const,
        () => "failing" as const,
      );
      if (!redis) return { database };
      const redisCheck = await redis.command.ping().then(
        () => "ok" as const,
        () => "failing" as const,
      );
      return { database, redis: redisCheck };
    },
    /** Writes what is pending and stops timers (graceful shutdown). */
    async close() {
      messaging.close();
      groupMessaging.close();
      watcherInfo.close();
      await push.settled();
      await presence.close();
      await cluster.close();
    },
  };
}
export type AppServices = ReturnType<typeof createServices>;

export function registerServices(services: AppServices | undefined): void {
  setSingleton("services", services);
}

export function getServices(): AppServices {
  const services = peekSingleton<AppServices>("services");
  if (!services) throw new Error("Services are not started: run the app through server.ts (npm run dev / npm start).");
  return services;
}
