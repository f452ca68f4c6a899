// What a personal access token may do. A browser session may do everything; a token only what
// its scopes allow, checked for every socket command and REST endpoint. Managing tokens needs a
// browser session, so a token can never mint or revoke tokens.
import { z } from "zod";
import type { ClientToServerEvents } from "./events";

export const TOKEN_SCOPES = ["presence:read", "presence:manage", "messages"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What each scope is called in the settings page and the docs. */
export const TOKEN_SCOPE_LABELS: Record<TokenScope, { label: string; description: string }> = {
  "presence:read": {
    label: "Read presence and watchers",
    description: "Look up presence (also over REST), your watcher information and privacy settings.",
  },
  "presence:manage": {
    label: "Manage presence",
    description: "Set your status and tuples, answer and change subscriptions, groups and privacy rules.",
  },
  messages: {
    label: "Send and read messages",
    description: "Send messages and typing notices, read your inbox and its history.",
  },
};

/** Tokens created without a choice may only read: the least that pollers need. */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ["presence:read"];

/** Scopes as chosen: at least one, duplicates dropped, in the canonical order. */
export const tokenScopesSchema = z
  .array(z.enum(TOKEN_SCOPES))
  .min(1, "Choose at least one scope.")
  .max(TOKEN_SCOPES.length * 2)
  .transform((scopes) => TOKEN_SCOPES.filter((scope) => scopes.includes(scope)));

/** `session`: a browser session only (token management). */
export type CommandPermission = TokenScope | "session";

/** The scope each command needs when the socket was opened with a token. */
export const COMMAND_SCOPES: { [E in keyof ClientToServerEvents]: CommandPermission } = {
  "profile:set-display-name": "presence:manage",

  "presence:set-status": "presence:manage",
  "presence:clear-status": "presence:manage",
  "presence:set-idle": "presence:manage",
  "presence:set-tuples": "presence:manage",
  "presence:fetch": "presence:read",
  "presence:unfollow": "presence:read",

  "subscription:request": "presence:manage",
  "subscription:respond": "presence:manage",
  "subscription:remove": "presence:manage",

  "group:create": "presence:manage",
  "group:rename": "presence:manage",
  "group:delete": "presence:manage",
  "group:reorder": "presence:manage",
  "contact:set-groups": "presence:manage",

  "privacy:get": "presence:read",
  "privacy:set-rules": "presence:manage",
  "privacy:quick-rule": "presence:manage",
  "privacy:set-invisible": "presence:manage",
  "privacy:set-retention": "presence:manage",
  "privacy:set-visibility": "presence:manage",
  "privacy:preview": "presence:read",
  "watchers:get": "presence:read",
  "user:suggest": "presence:read",

  "token:create": "session",
  "token:list": "session",
  "token:revoke": "session",

  "im:send": "messages",
  "im:typing": "messages",
  "im:confirm-delivery": "messages",
  "im:read": "messages",
  "im:conversations": "messages",
  "im:history": "messages",
  "im:sync": "messages",
  "im:search": "messages",
  "im:respond-request": "messages",
  "im:delete": "messages",
  "im:delete-conversation": "messages",
  "im:get-settings": "messages",
  "im:set-settings": "messages",

  // A tab's word about its screen, which holds back Web Push: a browser's, never a bot's.
  "tab:set-visibility": "session",
};
