// The watcher's side: subscriptions, contact groups, the buddy list snapshot, and personal
// access tokens for pollers and bots.
import { z } from "zod";
import { type PresenceView, usernameRefSchema } from "./presence";
import { humanNameSchema, lookupText } from "./text";
import { DEFAULT_TOKEN_SCOPES, type TokenScope, tokenScopesSchema } from "./scopes";

export const SUBSCRIPTION_STATES = ["pending", "active", "denied", "ended"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export const usernameTargetSchema = z.object({ username: usernameRefSchema }).strict();
export const respondSubscriptionSchema = z.object({ username: usernameRefSchema, approve: z.boolean() }).strict();

const groupNameSchema = humanNameSchema(40, "Enter a group name.");
const idSchema = lookupText(z.string().min(1).max(64));
export const MAX_GROUPS = 50;

export const createGroupSchema = z.object({ name: groupNameSchema }).strict();
export const renameGroupSchema = z.object({ groupId: idSchema, name: groupNameSchema }).strict();
export const deleteGroupSchema = z.object({ groupId: idSchema }).strict();
export const reorderGroupsSchema = z.object({ groupIds: z.array(idSchema).max(MAX_GROUPS) }).strict();
export const setContactGroupsSchema = z
  .object({ username: usernameRefSchema, groupIds: z.array(idSchema).max(MAX_GROUPS) })
  .strict();

export type ContactGroup = { id: string; name: string; position: number };

export type Contact = {
  username: string;
  displayName: string;
  /** My subscription to them. */
  subscription: "pending" | "active";
  /** Whether they hold an active subscription to me. */
  watchesMe: boolean;
  groupIds: string[];
  presence: PresenceView;
};

export type SubscriptionRequest = { username: string; displayName: string; requestedAt: string };

/** Everything the buddy list shows; sent on every (re)connect and after every change to it. */
export type BuddyListSnapshot = {
  me: PresenceView;
  contacts: Contact[];
  /** Requests to watch me that wait for my answer. */
  incoming: SubscriptionRequest[];
  groups: ContactGroup[];
};

export type SubscriptionResult = { username: string; state: SubscriptionState; canSubscribeBack: boolean };

// --- Personal access tokens --------------------------------------------------------------------

export const createTokenSchema = z
  .object({
    name: humanNameSchema(60, "Enter a name."),
    /** What the token may do; reading presence only when left out. */
    scopes: tokenScopesSchema.default([...DEFAULT_TOKEN_SCOPES]),
  })
  .strict();
export const revokeTokenSchema = z.object({ id: idSchema }).strict();

export type AccessTokenSummary = {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: string;
  lastUsedAt: string | null;
};
/** Returned once, when created: the secret is never shown again. */
export type CreatedAccessToken = AccessTokenSummary & { token: string };
