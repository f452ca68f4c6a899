"use client";
// Marks a conversation read up to its newest received message while the person can see it:
// the unread count clears here and, through the server, in every other tab. Opening a
// conversation marked unread clears that mark too; marking it unread while it stays open
// keeps the mark (until a new message is read, or it is opened again).
import { useEffect, useRef } from "react";
import { sendCommand } from "@/lib/client/connection/commands";
import { useInboxClient } from "@/lib/client/react/client-context";
import { usePageVisible } from "./use-page-visible";
import { useSocket } from "./use-socket";

export function useMarkRead(peer: string, lastReadSeq: number | null, newestIncomingSeq: number | null, markedUnread = false) {
  const socket = useSocket();
  const { store } = useInboxClient();
  const visible = usePageVisible();
  /** The mark on its way, so a re-render meanwhile does not ask again. */
  const asking = useRef<string | null>(null);
  /** The conversation this view was opened on (seen visible, with its summary): a mark after that stays. */
  const opened = useRef<string | null>(null);

  useEffect(() => {
    if (!visible || lastReadSeq === null) return;
    const opening = opened.current !== peer;
    opened.current = peer;
    const unreadMessages = newestIncomingSeq !== null && newestIncomingSeq > lastReadSeq;
    if (!unreadMessages && !(opening && markedUnread)) return;
    const upToSeq = Math.max(newestIncomingSeq ?? 0, lastReadSeq);
    const mark = `${peer}@${upToSeq}`;
    if (asking.current === mark) return;
    asking.current = mark;
    void sendCommand(socket, "im:read", { peer, upToSeq }).then((ack) => {
      asking.current = null;
      // The answer is the new summary; the other tabs hear it as im:conversation-changed.
      if (ack.ok && ack.data) store.dispatch({ type: "conversation-changed", summary: ack.data });
    });
  }, [socket, store, visible, peer, lastReadSeq, newestIncomingSeq, markedUnread]);
}
