// Web Push on this device: whether it can, whether it is subscribed, and turning it on (asks
// the browser's permission, subscribes through the service worker's pushManager with the
// server's VAPID key, and tells the server) or off (tells the server, then unsubscribes).
import type { Ack } from "@/lib/protocol/errors";
import { ErrorCode } from "@/lib/protocol/errors";
import { newPushSubscriptionSchema } from "@/lib/protocol/push";
import { getPushKey, listPushSubscriptions, removePushSubscription, savePushSubscription } from "./push-api";
import { registerServiceWorker, serviceWorkerSupported } from "./service-worker";

export type DevicePushState = "unsupported" | "denied" | "off" | "on";

const fail = (message: string): Ack<never> => ({ ok: false, error: { code: ErrorCode.forbidden, message } });

export function pushSupported(): boolean {
  return serviceWorkerSupported() && typeof window !== "undefined" && "PushManager" in window && "Notification" in window;
}

/** This device's subscription, if it has one. */
async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await registerServiceWorker();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

export async function devicePushState(): Promise<{ state: DevicePushState; endpoint: string | null }> {
  if (!pushSupported()) return { state: "unsupported", endpoint: null };
  if (Notification.permission === "denied") return { state: "denied", endpoint: null };
  const subscription = await currentSubscription();
  return { state: subscription && Notification.permission === "granted" ? "on" : "off", endpoint: subscription?.endpoint ?? null };
}

/** Call from a click: the browser asks for permission only in answer to one. */
export async function enableDevicePush(): Promise<Ack<{ endpoint: string }>> {
  if (!pushSupported()) return fail("This browser cannot receive push notifications.");
  const permission = Notification.permission === "granted" ? "granted" : await Notification.requestPermission();
  if (permission !== "granted") return fail("Notifications are blocked for this site in the browser's settings.");
  const registration = await registerServiceWorker();
  if (!registration) return fail("The service worker could not start.");
  const key = await getPushKey();
  if (!key.ok) return key;
  let subscription: PushSubscription;
  try {
    await navigator.serviceWorker.ready;
    subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key.data.publicKey });
  } catch {
    return fail("The browser's push service refused to subscribe this device.");
  }
  const parsed = newPushSubscriptionSchema.safeParse(subscription.toJSON());
  if (!parsed.success) return fail("The browser gave a subscription this server cannot use.");
  const saved = await savePushSubscription(parsed.data);
  return saved.ok ? { ok: true, data: { endpoint: subscription.endpoint } } : saved;
}

/** Stops pushes to this device: the server forgets it, then the browser does. */
export async function disableDevicePush(): Promise<Ack<null>> {
  const subscription = await currentSubscription();
  if (!subscription) return { ok: true, data: null };
  const listed = await listPushSubscriptions();
  if (!listed.ok) return listed;
  const mine = listed.data.subscriptions.find((entry) => entry.endpoint === subscription.endpoint);
  if (mine) {
    const removed = await removePushSubscription(mine.id);
    if (!removed.ok) return removed;
  }
  await subscription.unsubscribe().catch(() => false);
  return { ok: true, data: null };
}
