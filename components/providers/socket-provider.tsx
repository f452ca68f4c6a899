"use client";
// Owns the tab's connection, buddy list, privacy, inbox and followed peers for the lifetime of
// the signed-in layout and shares them through context (lib/client/react/client-context.ts).
// Listeners are attached and the socket opened in one effect, detached and closed in its cleanup: safe under StrictMode. When the
// session ends, the stores are emptied and the tab leaves for the sign-in page; meanwhile
// nothing of the account is rendered.
import { useEffect, useState, useSyncExternalStore } from "react";
import { SessionEnded } from "@/components/shell/session-ended";
import { feedBuddyList } from "@/lib/client/buddy-list/buddy-list-store";
import { leaveWhenSessionEnds } from "@/lib/client/connection/session-end";
import { reportIdle } from "@/lib/client/presence/idle-reporter";
import { feedPrivacy } from "@/lib/client/privacy/privacy-feed";
import { ClientContext, createClient } from "@/lib/client/react/client-context";

const signedOutOnServer = () => false;

export function SocketProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(createClient);
  useEffect(() => {
    const { connection, buddyList, privacy, inbox, groups, peers } = client;
    const detach = feedBuddyList(connection.socket, buddyList);
    const detachPrivacy = feedPrivacy(connection.socket, privacy);
    const detachInbox = inbox.attach();
    const detachGroups = groups.attach();
    const detachPeers = peers.attach();
    const stopIdleReports = reportIdle(connection.socket);
    const stopLeaving = leaveWhenSessionEnds(connection, {
      clear() {
        buddyList.reset();
        privacy.dispatch({ type: "reset" });
        inbox.reset();
        groups.reset();
        peers.reset();
      },
      leave: (path) => window.location.replace(path),
    });
    connection.open();
    return () => {
      stopLeaving();
      stopIdleReports();
      detachPeers();
      detachGroups();
      detachInbox();
      detachPrivacy();
      detach();
      connection.close();
    };
  }, [client]);
  const signedOut = useSyncExternalStore(
    client.connection.subscribe,
    () => client.connection.getState().status === "signed-out",
    signedOutOnServer,
  );
  return <ClientContext.Provider value={client}>{signedOut ? <SessionEnded /> : children}</ClientContext.Provider>;
}
