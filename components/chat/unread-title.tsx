"use client";
// Puts the inbox's unread count in front of the tab title, "(3) Messages · buddylist", on
// every page. Next.js sets the title on each navigation, so it is put back whenever the
// <title> changes.
import { useEffect } from "react";
import { totalGroupUnread } from "@/lib/client/groups/group-view";
import { totalUnread } from "@/lib/client/im/inbox-view";
import { titleWithUnread } from "@/lib/client/im/unread-title";
import { useInbox } from "@/lib/client/react/use-inbox";
import { useGroups } from "@/lib/client/react/use-groups";

export function UnreadTitle() {
  const unread = totalUnread(useInbox().conversations) + totalGroupUnread(useGroups().groups);
  useEffect(() => {
    const apply = () => {
      const title = titleWithUnread(document.title, unread);
      // Setting it changes <title> again: only when different, so this settles at once.
      if (title !== document.title) document.title = title;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = titleWithUnread(document.title, 0);
    };
  }, [unread]);
  return null;
}
