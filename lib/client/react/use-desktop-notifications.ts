"use client";
import { useSyncExternalStore } from "react";
import type { DesktopNotificationState } from "@/lib/client/im/desktop-notifications";
import { useInboxClient } from "@/lib/client/react/client-context";

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
