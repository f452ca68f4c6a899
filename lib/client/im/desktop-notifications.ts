// Optional desktop notifications for new messages. The browser is asked for permission only
// when the person clicks "Enable" (never on page load), and the choice to have them is kept
// per browser (localStorage), so it can be turned off without touching browser settings. A
// notification shows only while the page is hidden: a visible page shows the message itself.
import { createListeners } from "@/lib/client/store";

export type DesktopNotificationState = "unsupported" | "denied" | "off" | "on";

const KEY = "buddylist.desktopNotifications";

type Environment = {
  Notification?: typeof Notification;
  storage?: Pick<Storage, "getItem" | "setItem">;
  hidden: () => boolean;
};

function browserEnvironment(): Environment {
  const environment: Environment = { hidden: () => typeof document !== "undefined" && document.visibilityState === "hidden" };
  if (typeof window === "undefined") return environment;
  if ("Notification" in window) environment.Notification = window.Notification;
  try {
    environment.storage = window.localStorage;
  } catch {
    // Storage disabled by privacy settings: notifications cannot be remembered as on.
  }
  return environment;
}

export function createDesktopNotifications(environment: Environment = browserEnvironment()) {
  const listeners = createListeners();
  const changed = listeners.notify;
  const remember = (value: "on" | "off") => {
    try {
      environment.storage?.setItem(KEY, value);
    } catch {
      // Full or disabled storage: the choice lasts for this page only.
    }
  };

  function state(): DesktopNotificationState {
    const api = environment.Notification;
    if (!api) return "unsupported";
    if (api.permission === "denied") return "denied";
    return api.permission === "granted" && environment.storage?.getItem(KEY) === "on" ? "on" : "off";
  }

  return {
    state,
    subscribe: listeners.subscribe,
    /** Call from a click: asks the browser for permission the first time. */
    async enable() {
      const api = environment.Notification;
      if (!api) return;
      const permission = api.permission === "granted" ? "granted" : await api.requestPermission();
      if (permission === "granted") remember("on");
      changed();
    },
    disable() {
      remember("off");
      changed();
    },
    /** Shows one notification if they are on and the page is hidden; `onOpen` runs on a click on it. */
    show(notice: { title: string; body: string; tag: string }, onOpen: () => void) {
      const api = environment.Notification;
      if (!api || state() !== "on" || !environment.hidden()) return;
      // Each tab of the account hears the same message: one tag makes them one notification.
      let notification: Notification;
      try {
        notification = new api(notice.title, { body: notice.body, tag: notice.tag });
      } catch {
        return; // Android's Chrome allows them only from a service worker, which the app has not
      }
      notification.onclick = () => {
        window.focus();
        onOpen();
        notification.close();
      };
    },
  };
}
