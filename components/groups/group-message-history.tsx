"use client";
// A group's messages in the history frame (components/chat/history-frame.tsx: paging,
// scrolling, day separators), with an "unread" divider above the first message I had not read
// when I opened it, runs by sender, and the read receipts under the last message they reach.
import { useMemo } from "react";
import { DaySeparator, HistoryFrame, type HistoryState } from "@/components/chat/history-frame";
import { withDaySeparators } from "@/lib/client/format/day-separators";
import { type GroupTimelineMessage, receiptsKey, runStarts } from "@/lib/client/groups/group-view";
import { useNow } from "@/lib/client/react/use-now";
import { type GroupMessageHandlers, GroupMessageItem } from "./group-message-item";

type Props = GroupMessageHandlers &
  HistoryState & {
    title: string;
    me: string;
    nameOf: (username: string) => string;
    messages: GroupTimelineMessage[];
    /** The key of the first unread message when the group was opened. */
    dividerKey: string | null;
  };

export function GroupMessageHistory(props: Props) {
  const { messages, highlightSeq } = props;
  const now = useNow();
  const items = useMemo(() => withDaySeparators(messages, new Date(now)), [messages, now]);
  const starts = useMemo(() => runStarts(messages), [messages]);
  const showReceiptsOn = useMemo(() => receiptsKey(messages), [messages]);

  return (
    <HistoryFrame label={`Messages in ${props.title}`} history={props} beginning={`This is the beginning of what you can see of ${props.title}.`}>
      {items.flatMap((item) =>
        item.type === "day"
          ? [<DaySeparator key={item.key} dateTime={item.dateTime} label={item.label} />]
          : [
              ...(item.key === props.dividerKey
                ? [
                    <li key={`unread-${item.key}`} data-testid="unread-divider" className="my-2 flex items-center gap-2 text-xs font-semibold text-brand dark:text-indigo-300">
                      <span aria-hidden className="h-px flex-1 bg-brand/40" />
                      New messages
                      <span aria-hidden className="h-px flex-1 bg-brand/40" />
                    </li>,
                  ]
                : []),
              <GroupMessageItem
                key={item.key}
                {...props}
                message={item.message}
                now={now}
                startsRun={starts.has(item.key)}
                showReceipts={item.key === showReceiptsOn}
                highlighted={item.message.seq !== null && item.message.seq === highlightSeq}
              />,
            ],
      )}
    </HistoryFrame>
  );
}
