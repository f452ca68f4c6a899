"use client";
// Shows a desktop notification for a new message the server says is worth one (never while I
// am busy, unless I chose so), when notifications are on and this page is in the background.
// A click on it opens the conversation.
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { groupPath } from "@/lib/client/groups/group-view";
import { useGroupClient, useInboxClient } from "@/lib/client/react/client-context";

const PREVIEW_LENGTH = 200;

export function DesktopNotifier() {
  const inbox = useInboxClient();
  const groups = useGroupClient();
  const router = useRouter();
  // A group message: "alice in Trip". The server's `notify` already says whether it is worth it
  // (a mention notifies even in a muted group); the tab's switch and visibility decide the rest.
  useEffect(
    () =>
      groups.onNotice(({ message }) => {
        const group = groups.store.getState().groups.find((candidate) => candidate.id === message.groupId);
        const sender = group?.members.find((member) => member.username === message.sender)?.displayName ?? message.sender;
        inbox.notifications.show(
          { title: group ? `${sender} in ${group.title}` : sender, body: message.body.slice(0, PREVIEW_LENGTH), tag: message.id },
          () => router.push(groupPath(message.groupId)),
        );
      }),
    [inbox, groups, router],
  );
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
