// The privacy center as this tab knows it: my settings (access rules, invisible mode,
// retention, visibility) and my watcher information. Every tab of the account hears
// `privacy:changed`, so the settings stay in step everywhere; command answers carry the same
// settings and are applied too. A pure reducer plus a tiny store React subscribes to.
import type { PrivacySettings, ProtocolError, WatcherInformation, WatchNotice } from "@/lib/protocol";
import { createListeners, createStore } from "@/lib/client/store";

export type PrivacyState = {
  /** Null until the server first answers. */
  settings: PrivacySettings | null;
  /** Null until first fetched: it is fetched only while a page shows it. */
  watchers: WatcherInformation | null;
  /** Why the last fetch of watcher information failed, until one succeeds. */
  watchersError: ProtocolError | null;
  /** The newest watch of me, announced as it happens (the list catches up a moment later). */
  latestWatch: WatchNotice | null;
};

export type PrivacyEvent =
  | { type: "settings"; settings: PrivacySettings }
  | { type: "watchers"; watchers: WatcherInformation }
  | { type: "watchers-failed"; error: ProtocolError }
  | { type: "watched"; notice: WatchNotice }
  /** The session ended: nothing of the account stays. */
  | { type: "reset" };

export const initialPrivacyState: PrivacyState = { settings: null, watchers: null, watchersError: null, latestWatch: null };

/** Returns the same object when nothing changes, so subscribers do not re-render. */
export function reducePrivacy(state: PrivacyState, event: PrivacyEvent): PrivacyState {
  switch (event.type) {
    case "settings":
      // Both the answer and the broadcast carry the same settings: apply only once.
      return event.settings === state.settings ? state : { ...state, settings: event.settings };
    case "watchers":
      return { ...state, watchers: event.watchers, watchersError: null };
    case "watchers-failed":
      // Keep the last good list on screen: a failed refresh says so, it does not empty the page.
      return { ...state, watchersError: event.error };
    case "watched":
      return { ...state, latestWatch: event.notice };
    case "reset":
      return initialPrivacyState;
  }
}

export function createPrivacyStore() {
  const { getState, subscribe, set } = createStore(initialPrivacyState);
  let watchersWanted = 0;
  const wantListeners = createListeners();

  const dispatch = (event: PrivacyEvent) => set(reducePrivacy(getState(), event));

  return {
    getState,
    subscribe,
    dispatch,
    receiveSettings: (settings: PrivacySettings) => dispatch({ type: "settings", settings }),

    /**
     * Watcher information costs a query, so it is fetched only while something shows it:
     * a view calls this while mounted and calls the returned release when it goes.
     */
    wantWatchers() {
      watchersWanted += 1;
      if (watchersWanted === 1) wantListeners.notify();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchersWanted -= 1;
      };
    },
    watchersWanted: () => watchersWanted > 0,
    /** Hears when watcher information starts being wanted (the feed fetches it then). */
    onWatchersWanted: wantListeners.subscribe,
  };
}
export type PrivacyStore = ReturnType<typeof createPrivacyStore>;
