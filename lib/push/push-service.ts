// The push service: devices subscribe to Web Push (one subscription per device), and an
// account with no visible tab is reached through them when a message or a contact request is
// delivered to it. It implements the services' PushHook; what a notification says is decided
// by rules.ts. A subscription the push service no longer knows (404/410) is removed.
import { randomUUID } from "node:crypto";
import type { QuietHoursStore } from "@/lib/db/presence/quiet-hours-store";
import type { StoredPushSubscription, PushStore } from "@/lib/db/push/push-store";
import type { Logger } from "@/lib/log";
import { deviceLabel } from "@/lib/presence/rules/device-label";
import { isQuiet } from "@/lib/presence/rules/quiet-hours";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { NewPushSubscription, PushSettings, PushSubscriptionSummary } from "@/lib/protocol/push";
import type { DeliveredContactRequest, DeliveredGroupMessage, DeliveredMessage, PushHook } from "./hook";
import { decidePush, type PushEvent, type PushNotice } from "./rules";
import type { PushTransport } from "./transport";

/** Whether a tab of the account is open and visible (the tabs say so over their sockets). */
export interface VisibleTabs {
  /** This instance's tabs only, answered at once. */
  visibleTabHere(userId: string): boolean;
  /** Any instance's tabs (asks the others in a cluster). */
  visibleTabOpen(userId: string): Promise<boolean>;
}

const summary = (subscription: StoredPushSubscription): PushSubscriptionSummary => ({
  id: subscription.id,
  device: deviceLabel(subscription.userAgent ?? undefined),
  endpoint: subscription.endpoint,
  createdAt: subscription.createdAt.toISOString(),
});

export function createPushService(deps: {
  store: PushStore;
  transport: PushTransport;
  tabs: VisibleTabs;
  publicKey: string;
  /** The inbox setting "notify me while busy". */
  notifyWhileBusy: (userId: string) => Promise<boolean>;
  /** Each account's quiet hours: none is pushed while they are in force. */
  quietHours: Pick<QuietHoursStore, "get">;
  now?: () => number;
  logger: Pick<Logger, "warn" | "error">;
}) {
  const { store, transport, tabs, logger } = deps;
  const now = deps.now ?? Date.now;
  /** Pushes in flight, so tests and shutdown can wait for them. */
  const pending = new Set<Promise<void>>();

  /** Decides and sends to every device of the account; removes devices that are gone. */
  async function reach(
    userId: string,
    event: PushEvent,
    facts: { busy: boolean; notifyWhileBusy: boolean; muted?: boolean },
  ): Promise<void> {
    // A tab visible when the event came showed it, even if hidden while the devices are read.
    const seenHere = tabs.visibleTabHere(userId);
    // Cheapest first: most accounts have no subscribed device.
    const subscriptions = await store.list(userId);
    if (subscriptions.length === 0) return;
    const [visibleTab, preferences, quietHours] = await Promise.all([
      seenHere || tabs.visibleTabOpen(userId),
      store.preferences(userId),
      deps.quietHours.get(userId),
    ]);
    const quiet = isQuiet(quietHours, now());
    const notice: PushNotice | null = decidePush({ event, visibleTab, ...facts, quiet, showText: preferences.showText });
    if (!notice) return;
    const payload = JSON.stringify(notice);
    await Promise.all(
      subscriptions.map(async (subscription) => {
        if ((await transport.send(subscription, payload)) === "gone") await store.removeEndpoint(subscription.endpoint);
      }),
    );
  }

  function track(userId: string, work: Promise<void>) {
    const settled = work.catch((error: unknown) => logger.error({ err: error, userId }, "push failed"));
    pending.add(settled);
    void settled.finally(() => pending.delete(settled));
  }

  const hook: PushHook = {
    messageDelivered(message: DeliveredMessage) {
      const event: PushEvent = message.request
        ? { kind: "message-request", from: message.from, messageId: message.messageId, first: message.first }
        : { kind: "message", from: message.from, messageId: message.messageId, body: message.body };
      track(message.recipientId, reach(message.recipientId, event, message));
    },
    groupMessageDelivered(message: DeliveredGroupMessage) {
      const { recipientId, from, groupId, group, messageId, body, mention } = message;
      track(recipientId, reach(recipientId, { kind: "group-message", from, groupId, group, messageId, body, mention }, message));
    },
    contactRequestDelivered(request: DeliveredContactRequest) {
      // Whether to notify while busy is a choice of the inbox settings, read only when needed.
      track(
        request.presentityId,
        (async () => {
          const notifyWhileBusy = request.busy ? await deps.notifyWhileBusy(request.presentityId) : false;
          await reach(request.presentityId, { kind: "contact-request", from: request.from }, { busy: request.busy, notifyWhileBusy });
        })(),
      );
    },
  };

  return {
    ...hook,

    publicKey: () => deps.publicKey,

    /** Stores this device's subscription (again: the same endpoint keeps its id). */
    async subscribe(user: { id: string }, input: NewPushSubscription, userAgent: string | null): Promise<PushSubscriptionSummary> {
      const saved = await store.save({
        id: randomUUID(),
        userId: user.id,
        endpoint: input.endpoint,
        p256dh: input.keys.p256dh,
        auth: input.keys.auth,
        userAgent: userAgent?.slice(0, 300) ?? null,
      });
      return summary(saved);
    },

    async list(user: { id: string }): Promise<PushSubscriptionSummary[]> {
      return (await store.list(user.id)).map(summary);
    },

    async remove(user: { id: string }, id: string): Promise<void> {
      if (!(await store.remove(user.id, id))) throw new ServiceError(ErrorCode.not_found, "There is no such device.");
    },

    settings: (user: { id: string }): Promise<PushSettings> => store.preferences(user.id),

    setSettings: (user: { id: string }, settings: PushSettings): Promise<PushSettings> => store.savePreferences(user.id, settings),

    accountDeleted: (userId: string) => store.removeAll(userId),

    /** Waits for the pushes under way (tests, shutdown). */
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
export type PushService = ReturnType<typeof createPushService>;
