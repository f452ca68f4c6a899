// The push endpoints (app/api/push), typed for the settings page and the service worker glue.
import type { NewPushSubscription, PushKey, PushSettings, PushSubscriptionList, PushSubscriptionSummary } from "@/lib/protocol/push";
import type { Done } from "@/lib/protocol/schemas";
import { apiRequest } from "@/lib/client/connection/api";

export type { PushSubscriptionSummary };

export const getPushKey = () => apiRequest<PushKey>("GET", "/api/push/key");

export const listPushSubscriptions = () => apiRequest<PushSubscriptionList>("GET", "/api/push/subscriptions");

export const savePushSubscription = (subscription: NewPushSubscription) =>
  apiRequest<PushSubscriptionSummary>("POST", "/api/push/subscriptions", subscription);

export const removePushSubscription = (id: string) =>
  apiRequest<Done>("DELETE", `/api/push/subscriptions/${encodeURIComponent(id)}`);

export const getPushSettings = () => apiRequest<PushSettings>("GET", "/api/push/settings");

export const setPushSettings = (settings: PushSettings) => apiRequest<PushSettings>("PATCH", "/api/push/settings", settings);
