"use client";
// Shows a desktop notification for a new message the server says is worth one (never while I
// am busy, unless I chose so), when notifications are on and this page is in the background.
// A click on it opens the conversation.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useInboxClient } from "@/lib/client/react/client-context";

const PREVIEW_LENGTH = 200;

export function DesktopNotifier() {
  const inbox = useInboxClient();
  const router = useRouter();
  useEffect(
    () =>
      inbox.onNotice(({ message }) => {
        const name = inbox.store.getState().conversations.find((conversation) => conversation.peer === message.peer)?.displayName;
        inbox.notifications.show(
          { title: name ?? message.peer, body: message.body.slice(0, PREVIEW_LENGTH), tag: message.id },
          () => router.push(`/messages/${encodeURIComponent(message.peer)}`),
        );
      }),
    [inbox, router],
  );
  return null;
}
