"use client";
import { useSyncExternalStore } from "react";
import { useInboxClient } from "@/lib/client/react/client-context";
import type { DesktopNotificationState } from "@/lib/client/im/desktop-notifications";

/** Whether desktop notifications for new messages are on, and the means to change it. */
export function useDesktopNotifications() {
  const { notifications } = useInboxClient();
  const state = useSyncExternalStore<DesktopNotificationState>(
    notifications.subscribe,
    notifications.state,
    () => "unsupported",
  );
  return { state, enable: notifications.enable, disable: notifications.disable };
}
