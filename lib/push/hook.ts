// What the instant message and subscription services tell the push service: something was
// delivered to an account that may have no tab on screen. They call it after delivering to
// the account's open tabs, and never wait for it; the push service decides (rules.ts) and
// sends. Only what was delivered is told: a refused, blocked or silently declined message,
// or a request the presentity's rules hold, never reaches here.

export type DeliveredMessage = {
  recipientId: string;
  /** The sender's username. */
  from: string;
  messageId: string;
  body: string;
  /** Landed in "Message requests" (a stranger's), not in a conversation. */
  request: boolean;
  /** The request's conversation is new (or came back): only then is there a notice. */
  first: boolean;
  /** The recipient's status is `busy`. */
  busy: boolean;
  notifyWhileBusy: boolean;
  /** The recipient muted this conversation (or this message request). */
  muted: boolean;
};

export type DeliveredContactRequest = {
  presentityId: string;
  /** The watcher's username. */
  from: string;
  busy: boolean;
};

/** A group message delivered to one member (not to someone the sender's message is hidden from). */
export type DeliveredGroupMessage = {
  recipientId: string;
  from: string;
  groupId: string;
  /** The group's title as the recipient sees it. */
  group: string;
  messageId: string;
  body: string;
  mention: boolean;
  busy: boolean;
  notifyWhileBusy: boolean;
  muted: boolean;
};

export interface PushHook {
  messageDelivered(message: DeliveredMessage): void;
  groupMessageDelivered(message: DeliveredGroupMessage): void;
  contactRequestDelivered(request: DeliveredContactRequest): void;
}
