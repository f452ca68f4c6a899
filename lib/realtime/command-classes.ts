// Every socket command belongs to one class, and each class has its own rate limit per
// account and per client address (lib/realtime/command-limiter.ts): a flood of one kind of
// command (status changes, subscription churn) is cut without touching the others.
import type { CommandName } from "@/lib/protocol";

export const COMMAND_CLASSES = ["presence", "subscription", "lookup", "settings", "messaging"] as const;
export type CommandClass = (typeof COMMAND_CLASSES)[number];

/** The class of each command; a new command does not compile until it is given one. */
export const COMMAND_CLASS_OF: { [E in CommandName]: CommandClass } = {
  // What watchers are notified of: status, tuples, idleness.
  "presence:set-status": "presence",
  "presence:clear-status": "presence",
  "presence:set-idle": "presence",
  "presence:set-tuples": "presence",

  // Each changes two buddy lists and notifies both sides.
  "subscription:request": "subscription",
  "subscription:respond": "subscription",
  "subscription:remove": "subscription",

  // Reads: cheap, frequent (suggestions while typing, history while scrolling).
  "presence:fetch": "lookup",
  "presence:unfollow": "lookup",
  "presence:get-quiet-hours": "lookup",
  "user:suggest": "lookup",
  "privacy:get": "lookup",
  "privacy:preview": "lookup",
  "watchers:get": "lookup",
  "token:list": "lookup",
  "im:conversations": "lookup",
  "im:history": "lookup",
  "im:sync": "lookup",
  "im:search": "lookup",
  "im:delivery-notice": "lookup",
  "im:get-settings": "lookup",
  "groupchat:list": "lookup",
  "groupchat:get": "lookup",
  "groupchat:history": "lookup",
  "groupchat:sync": "lookup",
  "groupchat:receipts": "lookup",

  // Stored changes to one's own account.
  "profile:set-display-name": "settings",
  "presence:set-quiet-hours": "settings",
  "group:create": "settings",
  "group:rename": "settings",
  "group:delete": "settings",
  "group:reorder": "settings",
  "contact:set-groups": "settings",
  "privacy:set-rules": "settings",
  "privacy:quick-rule": "settings",
  "privacy:set-invisible": "settings",
  "privacy:set-retention": "settings",
  "privacy:set-visibility": "settings",
  "token:create": "settings",
  "token:revoke": "settings",
  "im:respond-request": "settings",
  "im:delete": "settings",
  "im:delete-conversation": "settings",
  "im:set-conversation": "settings",
  "im:set-settings": "settings",
  "groupchat:create": "settings",
  "groupchat:add": "settings",
  "groupchat:remove": "settings",
  "groupchat:set-admin": "settings",
  "groupchat:rename": "settings",
  "groupchat:leave": "settings",
  "groupchat:delete": "settings",
  "groupchat:respond": "settings",
  "groupchat:set-flags": "settings",

  // Conversation traffic (im:send also has its own per-sender and per-stranger limits).
  "im:send": "messaging",
  "im:typing": "messaging",
  "im:confirm-delivery": "messaging",
  "im:read": "messaging",
  "im:react": "messaging",
  "im:edit": "messaging",
  "im:retract": "messaging",
  "groupchat:send": "messaging",
  "groupchat:typing": "messaging",
  "groupchat:read": "messaging",
  "groupchat:delivered": "messaging",
  "groupchat:react": "messaging",
  "groupchat:edit": "messaging",
  "groupchat:retract": "messaging",
  // Sent on every switch of tab or window: frequent, and must not eat the presence budget.
  "tab:set-visibility": "messaging",
};
