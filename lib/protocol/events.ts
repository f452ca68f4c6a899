// Every socket event, named `domain:verb` for commands (client → server, with an ack) and
// `domain:past-participle` for facts the server pushes. Client and server both type their
// socket with these maps, so a renamed event fails the type check on both sides.
import { z } from "zod";
import type {
  AccessTokenSummary,
  BuddyListSnapshot,
  ContactGroup,
  CreatedAccessToken,
  SubscriptionResult,
} from "./buddy-list";
import type { Ack } from "./errors";
import type {
  ConversationSummary,
  DeletedMessages,
  InboxSettings,
  InboxSnapshot,
  InstantMessage,
  MessagePage,
  MessageStatusUpdate,
  ReceivedMessage,
  SyncPage,
  TypingNotice,
} from "./im";
import type { PresenceView } from "./presence";
import type {
  PresencePreview,
  PrivacySettings,
  UserSuggestion,
  WatcherInformation,
  WatchNotice,
} from "./privacy";
import type { UserSummary } from "./schemas";
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

/** Commands carry an unknown payload: the server validates it with the matching schema. */
type Command<Result> = (payload: unknown, ack: (response: Ack<Result>) => void) => void;

export interface ClientToServerEvents {
  "profile:set-display-name": Command<UserSummary>;

  "presence:set-status": Command<PresenceView>;
  "presence:clear-status": Command<PresenceView>;
  "presence:set-idle": Command<null>;
  "presence:set-tuples": Command<PresenceView>;
  "presence:fetch": Command<PresenceView>;
  "presence:unfollow": Command<null>;

  "subscription:request": Command<SubscriptionResult>;
  "subscription:respond": Command<SubscriptionResult>;
  "subscription:remove": Command<null>;

  "group:create": Command<ContactGroup>;
  "group:rename": Command<null>;
  "group:delete": Command<null>;
  "group:reorder": Command<null>;
  "contact:set-groups": Command<null>;

  "privacy:get": Command<PrivacySettings>;
  "privacy:set-rules": Command<PrivacySettings>;
  "privacy:quick-rule": Command<PrivacySettings>;
  "privacy:set-invisible": Command<PrivacySettings>;
  "privacy:set-retention": Command<PrivacySettings>;
  "privacy:set-visibility": Command<PrivacySettings>;
  "privacy:preview": Command<PresencePreview>;
  "watchers:get": Command<WatcherInformation>;
  "user:suggest": Command<UserSuggestion[]>;

  "token:create": Command<CreatedAccessToken>;
  "token:list": Command<AccessTokenSummary[]>;
  "token:revoke": Command<null>;

  "im:send": Command<InstantMessage>;
  "im:typing": Command<null>;
  "im:confirm-delivery": Command<null>;
  "im:read": Command<ConversationSummary | null>;
  "im:conversations": Command<ConversationSummary[]>;
  "im:history": Command<MessagePage>;
  "im:sync": Command<SyncPage>;
  "im:search": Command<MessagePage>;
  "im:respond-request": Command<ConversationSummary | null>;
  "im:delete": Command<null>;
  "im:delete-conversation": Command<null>;
  "im:get-settings": Command<InboxSettings>;
  "im:set-settings": Command<InboxSettings>;

  /** This tab is visible or hidden: a visible tab means no Web Push for what it shows. */
  "tab:set-visibility": Command<null>;
}

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
  /** A conversation appeared in your inbox or changed (state, unread, newest message). */
  "im:conversation-changed": (summary: ConversationSummary) => void;
  /** A conversation left your inbox (deleted, declined, blocked). */
  "im:conversation-removed": (removed: { peer: string }) => void;
  /** Messages were deleted from your inbox (in this tab or another). */
  "im:deleted": (deleted: DeletedMessages) => void;
  /** Your inbox settings changed (in this tab or another). */
  "im:settings-changed": (settings: InboxSettings) => void;
}

export type InterServerEvents = Record<string, never>;

/** What the server remembers of an authenticated socket. */
export interface SocketData {
  user: {
    id: string;
    username: string;
    displayName: string;
    sessionId: string;
    /** Only for sockets opened with a personal access token: what it may do. */
    scopes?: TokenScope[];
  };
  deviceId: string;
  deviceLabel: string;
}
