"use client";
// Registers the service worker (public/sw.js) once the page has loaded: it shows push
// notifications and serves the offline shell. Renders nothing.
import { useEffect } from "react";
import { registerServiceWorker } from "@/lib/client/push/service-worker";

export function ServiceWorkerRegistration() {
  useEffect(() => {
    void registerServiceWorker();
  }, []);
  return null;
}
