// Every socket event, named `domain:verb` for commands (client → server, with an ack) and
// `domain:past-participle` for facts the server pushes. Client and server both type their
// socket with these maps, so a renamed event fails the type check on both sides.
import { z } from "zod";
import type { BuddyListSnapshot } from "./buddy-list";
import type {
  GroupMessageChanged,
  GroupReceiptsChanged,
  GroupReceived,
  GroupSnapshot,
  GroupSummary,
  GroupTypingNotice,
} from "./groups";
import type { CommandEvents } from "./commands";
import type {
  ConversationSummary,
  DeletedMessages,
  InboxSettings,
  InboxSnapshot,
  MessageChanged,
  MessageStatusUpdate,
  ReceivedMessage,
  TypingNotice,
} from "./im";
import type { PresenceView } from "./presence";
import type { PrivacySettings, WatchNotice } from "./privacy";
import type { SessionUser, UserSummary } from "./schemas";
import { humanNameSchema, lookupText } from "./text";
import type { TokenScope } from "./scopes";

export const PROTOCOL_VERSION = 1;

/** What a client may say about itself in the handshake (`io(url, { auth })`). */
export const handshakeAuthSchema = z
  .object({
    /** Stable per tab (kept in sessionStorage), so a reload continues the same device tuple. */
    deviceId: z.uuid().optional(),
    /** A bot or API client names itself; browsers are labelled from their User-Agent. */
    client: humanNameSchema(40).optional(),
    /** A personal access token, for bots (browsers use the session cookie). */
    token: lookupText(z.string().max(100)).optional(),
  })
  .passthrough();
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

export type Session = {
  user: UserSummary;
  /** The device tuple this socket is; send it back as `auth.deviceId` when reconnecting. */
  deviceId: string;
  protocolVersion: number;
  serverTime: string;
};

/** Every command (commands.ts): its payload as the client sends it, and what its ack carries. */
export type ClientToServerEvents = CommandEvents;

export interface ServerToClientEvents {
  /** Sent once after the handshake: who the server says you are. */
  "session:ready": (session: Session) => void;
  /** Your profile changed (in this tab or another). */
  "profile:changed": (user: UserSummary) => void;
  /** The server is about to close this socket on purpose (sign-out, shutdown). */
  "session:ended": (reason: { reason: "signed_out" | "shutdown" | "revoked" }) => void;
  /** Your whole buddy list: on every (re)connect, and after any change to its shape. */
  "buddylist:snapshot": (snapshot: BuddyListSnapshot) => void;
  /** A NOTIFICATION: a presentity you watch (or you yourself) changed as far as you may see. */
  "presence:changed": (view: PresenceView) => void;
  /** Someone watched you (live watcher information); names are absent when withheld. */
  "watchers:event": (notice: WatchNotice) => void;
  /** Your privacy settings changed (in this tab or another). */
  "privacy:changed": (settings: PrivacySettings) => void;

  /** Your inbox on every (re)connect: conversations with unread counts, the catch-up cursor, settings. */
  "im:snapshot": (snapshot: InboxSnapshot) => void;
  /** A new message: from a peer, or sent by you in another tab. */
  "im:received": (received: ReceivedMessage) => void;
  /** Your messages were delivered to, or read by, the peer. */
  "im:status": (update: MessageStatusUpdate) => void;
  /** Someone in a conversation with you is typing (or stopped). */
  "im:typing": (notice: TypingNotice) => void;
  /** A conversation appeared in your inbox or changed (state, unread, newest message, your marks on it). */
  "im:conversation-changed": (summary: ConversationSummary) => void;
  /** A conversation left your inbox (deleted, declined, blocked). */
  "im:conversation-removed": (removed: { peer: string }) => void;
  /** A message you have was edited, deleted for everyone, or reacted to (by you in another tab too). */
  "im:message-changed": (changed: MessageChanged) => void;
  /** Messages were deleted from your inbox (in this tab or another). */
  "im:deleted": (deleted: DeletedMessages) => void;
  /** Your inbox settings changed (in this tab or another). */
  "im:settings-changed": (settings: InboxSettings) => void;

  /** Your group conversations on every (re)connect, with the group catch-up cursor. */
  "groupchat:snapshot": (snapshot: GroupSnapshot) => void;
  /** A new message or system line in a group of yours (sent by you in another tab too). */
  "groupchat:received": (received: GroupReceived) => void;
  /** A group appeared in your list or changed (members, name, unread, your marks on it). */
  "groupchat:changed": (summary: GroupSummary) => void;
  /** A group left your list (you left, were removed, declined it, or deleted it). */
  "groupchat:removed": (removed: { groupId: string }) => void;
  /** A member of a group is typing (or stopped). */
  "groupchat:typing": (notice: GroupTypingNotice) => void;
  /** Members got or read your group messages. */
  "groupchat:receipts-changed": (changed: GroupReceiptsChanged) => void;
  /** A group message you have was edited, deleted for everyone, or reacted to. */
  "groupchat:message-changed": (changed: GroupMessageChanged) => void;
}

/**
 * A notification for XMPP sessions, relayed to the other instances of a cluster (lib/cluster/xmpp-relay.ts):
 * each hands it to the XMPP sessions connected to it.
 */
export type XmppRelayCall =
  | {
      kind: "messageReceived";
      userId: string;
      received: ReceivedMessage;
      exceptConnection?: string;
      /** The account sent it from an XMPP app asking that its other XMPP resources get no copy (XEP-0280 `<private/>`). */
      noCarbons?: true;
    }
  | { kind: "typing"; userId: string; notice: TypingNotice }
  | { kind: "messageStatus"; userId: string; update: MessageStatusUpdate }
  | { kind: "privacyChanged"; userId: string; settings: PrivacySettings }
  | { kind: "sessionsEnded"; sessionIds: string[]; reason: "signed_out" | "revoked" }
  | { kind: "accountsSuspended"; userIds: string[] }
  | { kind: "groupReceived"; userIds: string[]; received: GroupReceived; exceptConnection?: string }
  | { kind: "groupChanged"; userId: string; summary: GroupSummary }
  | { kind: "groupRemoved"; userId: string; groupId: string }
  | { kind: "groupTyping"; userId: string; notice: GroupTypingNotice };

/** Instances talk through Redis channels of their own (lib/cluster), not socket.io's server-side events. */
export type InterServerEvents = Record<string, never>;

/** What the server remembers of an authenticated socket. */
export interface SocketData {
  /** `scopes` only for sockets opened with a personal access token: what it may do. */
  user: SessionUser & { scopes?: TokenScope[] };
  deviceId: string;
  deviceLabel: string;
}
