// What a personal access token may do. A browser session may do everything; a token only what
// its scopes allow, checked for every socket command and REST endpoint. Managing tokens needs a
// browser session, so a token can never mint or revoke tokens.
import { z } from "zod";

export const TOKEN_SCOPES = ["presence:read", "presence:manage", "messages", "xmpp"] as const;
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
  xmpp: {
    label: "Sign in from XMPP apps",
    description: "An app password: an XMPP app (Conversations, Gajim, profanity…) signs in with it instead of your password.",
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

/** `session`: a browser session only (token management). Each command's is in commands.ts. */
export type CommandPermission = TokenScope | "session";
