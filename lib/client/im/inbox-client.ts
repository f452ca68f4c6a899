// Everything the browser needs for instant messages, around the tab's one socket: the inbox
// store, its feed, the outbox (kept across reloads), the history loader and desktop
// notifications. The socket
// provider creates one per tab and attaches it with the other feeds.
import type { ReceivedMessage } from "@/lib/protocol";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { createDeliveryConfirmer } from "./delivery-confirmer";
import { createDesktopNotifications } from "./desktop-notifications";
import { createHistoryLoader } from "./history-loader";
import { feedInbox } from "./inbox-feed";
import { initialInboxState } from "./inbox-state";
import { createMessageChangeCommands } from "./message-change-commands";
import { createInboxStore } from "./inbox-store";
import { createOutbox } from "./outbox";
import { loadOutbox, persistOutbox } from "./outbox-storage";

export function createInboxClient(socket: ClientSocket) {
  // What was on its way when the tab was reloaded is sent again once connected.
  const store = createInboxStore({ ...initialInboxState, outbox: loadOutbox() });
  const confirmer = createDeliveryConfirmer(socket);
  const outbox = createOutbox(socket, store);
  const history = createHistoryLoader(socket, store, confirmer);
  const changes = createMessageChangeCommands(socket, store);
  const notifications = createDesktopNotifications();
  /** Who hears messages worth a notification (the notifier component, which knows the router). */
  const noticeListeners = new Set<(received: ReceivedMessage) => void>();

  return {
    store,
    outbox,
    history,
    changes,
    notifications,
    /** The session ended: the inbox and the unsent messages go (from storage too). */
    reset: () => store.dispatch({ type: "reset" }),
    onNotice(listener: (received: ReceivedMessage) => void) {
      noticeListeners.add(listener);
      return () => void noticeListeners.delete(listener);
    },
    /** Attaches the listeners; returns the detach. */
    attach(): () => void {
      const detachFeed = feedInbox(socket, store, {
        confirmer,
        onNotify: (received) => {
          for (const listener of noticeListeners) listener(received);
        },
      });
      const detachOutbox = outbox.attach();
      const stopPersisting = persistOutbox(store);
      return () => {
        stopPersisting();
        detachOutbox();
        detachFeed();
      };
    },
  };
}
export type InboxClient = ReturnType<typeof createInboxClient>;
