"use client";
// A conversation's messages in the history frame (history-frame.tsx: paging, scrolling, day
// separators), grouped into runs, with the last message the other side has read marked.
import { useMemo } from "react";
import { withDaySeparators } from "@/lib/client/format/day-separators";
import type { TimelineMessage } from "@/lib/client/im/inbox-view";
import { groupPositions, lastReadKey } from "@/lib/client/im/message-groups";
import { useNow } from "@/lib/client/react/use-now";
import { DaySeparator, HistoryFrame, type HistoryState } from "./history-frame";
import { type MessageChangeHandlers, MessageItem } from "./message-item";

type Props = MessageChangeHandlers &
  HistoryState & {
    /** The other side's username. */
    peer: string;
    peerName: string;
    messages: TimelineMessage[];
    onDelete: (id: string) => void;
    onRetry: (clientId: string) => void;
    onDiscard: (clientId: string) => void;
  };

export function MessageHistory(props: Props) {
  const { messages, peerName, highlightSeq } = props;
  const now = useNow();
  const items = useMemo(() => withDaySeparators(messages, new Date(now)), [messages, now]);
  const positions = useMemo(() => groupPositions(messages), [messages]);
  const readKey = useMemo(() => lastReadKey(messages), [messages]);

  return (
    <HistoryFrame
      label={`Messages with ${peerName}`}
      history={props}
      beginning={`This is the beginning of your conversation with ${peerName}.`}
      empty={<p className="m-auto max-w-xs text-center text-sm text-zinc-500 dark:text-zinc-400">No messages yet. Say hello to {peerName}!</p>}
    >
      {items.map((item) =>
        item.type === "day" ? (
          <DaySeparator key={item.key} dateTime={item.dateTime} label={item.label} />
        ) : (
          <MessageItem
            key={item.key}
            message={item.message}
            peer={props.peer}
            peerName={peerName}
            now={now}
            onReply={props.onReply}
            onEdit={props.onEdit}
            onRetract={props.onRetract}
            onReact={props.onReact}
            onJump={props.onJump}
            highlighted={item.message.seq !== null && item.message.seq === highlightSeq}
            position={positions.get(item.key) ?? "single"}
            lastRead={item.key === readKey}
            onDelete={props.onDelete}
            onRetry={props.onRetry}
            onDiscard={props.onDiscard}
          />
        ),
      )}
    </HistoryFrame>
  );
}
