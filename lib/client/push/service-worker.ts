// Registers public/sw.js (notifications, the offline shell). Once per page; a browser without
// service workers (or a page not served over HTTPS or from localhost) simply goes without.
export const SERVICE_WORKER_URL = "/sw.js";

export function serviceWorkerSupported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator;
}

let registering: Promise<ServiceWorkerRegistration | null> | undefined;

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!serviceWorkerSupported()) return Promise.resolve(null);
  registering ??= navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/" }).catch(() => null);
  return registering;
}
