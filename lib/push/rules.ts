// Whether an event in someone's inbox or buddy list becomes a Web Push notification, and what
// it says. Pure: the facts come in as arguments. A push is a way to reach a person who has no
// tab of theirs on screen, so a visible tab (which shows the event itself) or a `busy` status
// (unless they asked to be notified anyway) means no push, and quiet hours mean none at all:
// "notify me while busy" is about a busy chosen by hand, not about a schedule made for silence.
// A muted conversation (or muted message request) never pushes. What reaches here was delivered:
// refusals, blocks and silently declined messages never get this far.

/** What happened: a message in a conversation, a message request, a contact (subscription) request. */
export type PushEvent =
  | { kind: "message"; from: string; messageId: string; body: string }
  | { kind: "message-request"; from: string; messageId: string; /** The request's first message (or it came back). */ first: boolean }
  | { kind: "contact-request"; from: string }
  /** A message in a group conversation; `mention`: it mentions the recipient (notifies even when muted). */
  | { kind: "group-message"; from: string; groupId: string; group: string; messageId: string; body: string; mention: boolean };

export type PushFacts = {
  event: PushEvent;
  /** A tab of the recipient is open and visible. */
  visibleTab: boolean;
  busy: boolean;
  notifyWhileBusy: boolean;
  /** The recipient's quiet hours are in force. */
  quiet: boolean;
  /** The account's choice "show message text in notifications". */
  showText: boolean;
  /** The recipient muted the conversation the event is in (messages and requests only). */
  muted?: boolean;
};

/** What the service worker shows (public/sw.js reads exactly these fields). */
export type PushNotice = {
  title: string;
  body: string;
  /** Where a click on the notification leads, a path of this site. */
  url: string;
  /** One notification per tag: the tab's own desktop notification uses the message id too. */
  tag: string;
  /** Shown without sound or vibration. */
  silent: boolean;
};

/** How much of a message a notification shows; the rest is in the conversation. */
export const PUSH_PREVIEW_LENGTH = 200;

const conversationPath = (peer: string) => `/messages/${encodeURIComponent(peer)}`;

export function decidePush(facts: PushFacts): PushNotice | null {
  if (facts.visibleTab) return null;
  if (facts.quiet) return null;
  if (facts.busy && !facts.notifyWhileBusy) return null;
  const { event } = facts;
  // A muted conversation is read when the person chooses to look; a contact request has none;
  // a mention in a muted group still calls.
  if (facts.muted && event.kind !== "contact-request" && !(event.kind === "group-message" && event.mention)) return null;
  switch (event.kind) {
    case "message":
      return facts.showText
        ? {
            title: event.from,
            body: Array.from(event.body).slice(0, PUSH_PREVIEW_LENGTH).join(""),
            url: conversationPath(event.from),
            tag: event.messageId,
            silent: false,
          }
        : { title: `New message from ${event.from}`, body: "", url: conversationPath(event.from), tag: event.messageId, silent: false };
    case "message-request":
      // One quiet notice per request, whatever the text setting: a stranger's words are not
      // shown before the person chose to read them.
      if (!event.first) return null;
      return {
        title: `Message request from ${event.from}`,
        body: "",
        url: conversationPath(event.from),
        tag: `request:${event.from}`,
        silent: true,
      };
    case "contact-request":
      return { title: `${event.from} wants to add you as a contact`, body: "", url: "/", tag: `contact:${event.from}`, silent: false };
    case "group-message": {
      const url = `/messages/group:${event.groupId}`;
      return facts.showText
        ? { title: `${event.from} in ${event.group}`, body: Array.from(event.body).slice(0, PUSH_PREVIEW_LENGTH).join(""), url, tag: event.messageId, silent: false }
        : { title: `New message in ${event.group}`, body: "", url, tag: event.messageId, silent: false };
    }
  }
}
