// Group messages and groups as one member sees them. Pure mapping: the facts (names, blocks,
// marks, receipts) are gathered by group-reader.ts.
import type { StoredGroupMember, StoredGroupMessage } from "@/lib/db/groups/group-store";
import type { AttachmentView } from "@/lib/protocol/attachments";
import type { GroupMemberView, GroupMessageView, GroupSummary, GroupSystemEvent } from "@/lib/protocol/groups";
import type { ReactionSummary } from "@/lib/protocol/im";
import { mentions } from "./rules/mentions";

export type MessageFacts = {
  viewerId: string;
  viewerUsername: string;
  /** The sender's username ("someone" for an account no longer known). */
  sender: string;
  /** From someone the viewer blocks: collapsed. */
  hidden: boolean;
  event: GroupSystemEvent | null;
  receipts: GroupMessageView["receipts"];
  attachments: AttachmentView[];
  replyTo: GroupMessageView["replyTo"];
  reactions: ReactionSummary[];
};

export function groupMessageView(message: StoredGroupMessage, facts: MessageFacts): GroupMessageView {
  const outgoing = message.senderId === facts.viewerId;
  const retracted = message.retractedAt !== null;
  const shown = !facts.hidden && !retracted;
  return {
    id: message.id,
    groupId: message.groupId,
    seq: message.seq,
    sender: facts.sender,
    direction: outgoing ? "outgoing" : "incoming",
    clientId: outgoing && message.event === null ? message.clientId : null,
    body: shown ? message.body : "",
    sentAt: message.sentAt.toISOString(),
    event: facts.event,
    hidden: facts.hidden,
    mentionsYou: !outgoing && shown && message.event === null && mentions(message.body, facts.viewerUsername),
    editedAt: shown && message.editedAt ? message.editedAt.toISOString() : null,
    retracted,
    replyTo: shown ? facts.replyTo : null,
    attachments: shown ? facts.attachments : [],
    reactions: facts.hidden ? [] : facts.reactions,
    receipts: outgoing && message.event === null ? facts.receipts : null,
  };
}

/**
 * "alice, bob and carol", "alice, bob and 3 others", or "just you". `count` others in all, of
 * whom `others` holds at least the first three in order (a fan-out names no more per member).
 */
export function groupTitle(name: string | null, others: string[], count = others.length): string {
  if (name) return name;
  if (count === 0) return "Just you";
  if (count === 1) return others[0]!;
  if (count <= 3) return `${others.slice(0, count - 1).join(", ")} and ${others[count - 1]!}`;
  return `${others.slice(0, 2).join(", ")} and ${count - 2} others`;
}

/** Those in the group now (members and invited), oldest entry first. */
export const currentMembers = (members: StoredGroupMember[]): StoredGroupMember[] =>
  members.filter((member) => member.state === "member" || member.state === "invited");

export function groupSummary(facts: {
  groupId: string;
  name: string | null;
  viewer: StoredGroupMember;
  members: GroupMemberView[];
  /** Display names of the others, in order. */
  others: string[];
  unread: number;
  lastMessage: GroupMessageView | null;
}): GroupSummary {
  const { viewer, lastMessage } = facts;
  const state = viewer.state === "invited" ? "request" : viewer.state === "member" ? "member" : "left";
  return {
    id: facts.groupId,
    name: facts.name,
    title: groupTitle(facts.name, facts.others),
    members: facts.members,
    state,
    role: viewer.role,
    unread: facts.unread,
    mentioned: lastMessage !== null && lastMessage.mentionsYou && lastMessage.seq > viewer.readSeq,
    lastReadSeq: viewer.readSeq,
    lastMessage,
    pinned: viewer.pinnedAt !== null,
    muted: viewer.muted,
    markedUnread: viewer.markedUnread,
  };
}
