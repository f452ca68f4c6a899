"use client";
// Marks a conversation read up to its newest received message while the person can see it:
// the unread count clears here and, through the server, in every other tab.
import { useEffect, useRef } from "react";
import { sendCommand } from "@/lib/client/connection/commands";
import { useInboxClient } from "@/lib/client/react/client-context";
import { usePageVisible } from "./use-page-visible";
import { useSocket } from "./use-socket";

export function useMarkRead(peer: string, lastReadSeq: number | null, newestIncomingSeq: number | null) {
  const socket = useSocket();
  const { store } = useInboxClient();
  const visible = usePageVisible();
  /** The mark on its way, so a re-render meanwhile does not ask again. */
  const asking = useRef<string | null>(null);

  useEffect(() => {
    if (!visible || lastReadSeq === null || newestIncomingSeq === null || newestIncomingSeq <= lastReadSeq) return;
    const mark = `${peer}@${newestIncomingSeq}`;
    if (asking.current === mark) return;
    asking.current = mark;
    void sendCommand(socket, "im:read", { peer, upToSeq: newestIncomingSeq }).then((ack) => {
      asking.current = null;
      // The answer is the new summary; the other tabs hear it as im:conversation-changed.
      if (ack.ok && ack.data) store.dispatch({ type: "conversation-changed", summary: ack.data });
    });
  }, [socket, store, visible, peer, lastReadSeq, newestIncomingSeq]);
}
