// Sends one encrypted push message (RFC 8291, aes128gcm) signed with the server's VAPID key
// (RFC 8292) to one device's push service (RFC 8030), with the web-push package.
import webpush, { WebPushError } from "web-push";
import type { StoredPushSubscription } from "@/lib/db/push/push-store";
import type { VapidKeys } from "./vapid";

/** sent: accepted by the push service · gone: it no longer knows the device (404/410) · failed: try next time. */
export type PushOutcome = "sent" | "gone" | "failed";

export interface PushTransport {
  send(subscription: Pick<StoredPushSubscription, "endpoint" | "p256dh" | "auth">, payload: string): Promise<PushOutcome>;
}

/** How long a push service keeps a message for a device that is off (seconds). */
const TIME_TO_LIVE_SECONDS = 24 * 60 * 60;
/** A push service that does not answer in time is skipped: the message is in the inbox anyway. */
const TIMEOUT_MS = 10_000;

export function createWebPushTransport(keys: VapidKeys, onFailure: (error: unknown) => void): PushTransport {
  const vapidDetails = { subject: keys.subject, publicKey: keys.publicKey, privateKey: keys.privateKey };
  return {
    async send(subscription, payload) {
      try {
        await webpush.sendNotification({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, payload, {
          vapidDetails,
          TTL: TIME_TO_LIVE_SECONDS,
          urgency: "high",
          timeout: TIMEOUT_MS,
          contentEncoding: "aes128gcm",
        });
        return "sent";
      } catch (error) {
        if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) return "gone";
        onFailure(error);
        return "failed";
      }
    },
  };
}
