// buddylist's service worker: shows Web Push notifications (the server decides when and what:
// lib/push/rules.ts), opens the conversation when one is clicked, and answers a page load with
// the offline shell when the network is down. It caches nothing else: the app itself is always
// fetched fresh, so a deploy is never hidden behind a stale copy.
const SHELL_CACHE = "buddylist-shell-v1";
const OFFLINE_SHELL = "/offline.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll([OFFLINE_SHELL, "/icons/icon-192.png"]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL_CACHE) await caches.delete(key);
      // Open tabs get the offline shell and notifications' clicks without a reload.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") return;
  event.respondWith(
    fetch(event.request).catch(async () => (await caches.match(OFFLINE_SHELL)) ?? Response.error()),
  );
});

/** A path of this site, or the start page: a notification never leads elsewhere. */
function sameOriginUrl(path) {
  try {
    const url = new URL(typeof path === "string" ? path : "/", self.location.origin);
    return url.origin === self.location.origin ? url : new URL("/", self.location.origin);
  } catch {
    return new URL("/", self.location.origin);
  }
}

self.addEventListener("push", (event) => {
  let notice = {};
  try {
    notice = event.data ? event.data.json() : {};
  } catch {
    // Not ours to read: still show something, as a push must be shown.
  }
  const title = typeof notice.title === "string" && notice.title ? notice.title : "buddylist";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof notice.body === "string" ? notice.body : "",
      tag: typeof notice.tag === "string" ? notice.tag : undefined,
      silent: notice.silent === true,
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: { url: sameOriginUrl(notice.url).pathname },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const there = windows.find((client) => new URL(client.url).pathname === url.pathname);
      if (there) return there.focus();
      // A tab of the app is open elsewhere: take it to the conversation rather than open another.
      const tab = windows.find((client) => new URL(client.url).origin === url.origin && "navigate" in client);
      if (tab) {
        const moved = await tab.navigate(url.href).catch(() => null);
        if (moved) return moved.focus();
      }
      return self.clients.openWindow(url.href);
    })(),
  );
});

// The push service replaced this device's subscription: tell the server the new one.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch("/api/push/key", { credentials: "same-origin" });
      if (!response.ok) return;
      const { publicKey } = await response.json();
      const subscription =
        event.newSubscription ?? (await self.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
      await fetch("/api/push/subscriptions", {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(subscription.toJSON()),
      });
    })(),
  );
});
