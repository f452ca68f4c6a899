// REST bodies of Web Push (RFC 8030): the server's VAPID key (RFC 8292), a device's push
// subscription as the browser's PushSubscription.toJSON() gives it, the account's subscribed
// devices, and what notifications may show. The browser session manages them, never a token.
import { z } from "zod";

/** A subscription is named by a UUID; anything else names none (404, as an unknown one). */
export const pushSubscriptionIdSchema = z.uuid();

const base64url = (max: number) => z.string().min(1).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/, "Must be base64url.");

/** GET /api/push/key: what `pushManager.subscribe({ applicationServerKey })` needs. */
export const pushKeySchema = z.object({
  publicKey: z.string().meta({ description: "The server's VAPID public key (an uncompressed P-256 point), base64url." }),
});
export type PushKey = z.infer<typeof pushKeySchema>;

/** POST /api/push/subscriptions: `PushSubscription.toJSON()` of this browser. */
export const newPushSubscriptionSchema = z
  .object({
    // Push services are HTTPS (RFC 8030 §8); the server never posts to anything else.
    endpoint: z
      .url({ protocol: /^https$/, hostname: z.regexes.hostname })
      .max(1000)
      .meta({ description: "The push service's URL for this device (https)." }),
    expirationTime: z.number().nullable().optional(),
    keys: z
      .object({
        p256dh: base64url(200).meta({ description: "The device's P-256 public key (RFC 8291)." }),
        auth: base64url(50).meta({ description: "The device's authentication secret (RFC 8291)." }),
      })
      .strict(),
  })
  .strict();
export type NewPushSubscription = z.infer<typeof newPushSubscriptionSchema>;

export const pushSubscriptionSummarySchema = z.object({
  id: z.uuid(),
  /** The browser and system it was made in, from its User-Agent: "Firefox on Linux". */
  device: z.string(),
  /** The push service's URL: a browser compares it with its own to find "this device". */
  endpoint: z.string(),
  createdAt: z.string().meta({ format: "date-time" }),
});
export type PushSubscriptionSummary = z.infer<typeof pushSubscriptionSummarySchema>;

export const pushSubscriptionListSchema = z.object({ subscriptions: z.array(pushSubscriptionSummarySchema) });
export type PushSubscriptionList = z.infer<typeof pushSubscriptionListSchema>;

/** GET and PATCH /api/push/settings. */
export const pushSettingsSchema = z
  .object({
    /** Off: a notification says only "New message from alice". */
    showText: z.boolean(),
  })
  .strict();
export type PushSettings = z.infer<typeof pushSettingsSchema>;

/** Socket command `tab:set-visibility`: this tab is on screen or not (document.visibilityState). */
export const setTabVisibilitySchema = z.object({ visible: z.boolean() }).strict();
export type SetTabVisibility = z.infer<typeof setTabVisibilitySchema>;
