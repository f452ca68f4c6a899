// REST bodies of the admin area: invitations, accounts, instance figures and the audit log
// (validated or answered by the route handlers, and described in the OpenAPI document from
// these same schemas).
import { z } from "zod";
import { lookupText } from "./text";

const isoTime = z.string().meta({ format: "date-time" });

// --- Invitations ------------------------------------------------------------------------------

export const createInviteSchema = z
  .object({
    /** How long the link works. */
    expiresInHours: z.number().int().min(1).max(24 * 90),
    /** How many accounts it may create. */
    maxUses: z.number().int().min(1).max(1000),
  })
  .strict();

export type CreateInvite = z.input<typeof createInviteSchema>;

/** An invitation is named by a UUID; anything else names no invitation (404). */
export const inviteIdSchema = z.uuid();

export const INVITE_STATES = ["active", "expired", "used-up", "revoked"] as const;

export const inviteSummarySchema = z
  .object({
    id: z.uuid(),
    createdAt: isoTime,
    expiresAt: isoTime,
    maxUses: z.number().int(),
    uses: z.number().int(),
    state: z.enum(INVITE_STATES),
  })
  .meta({ id: "InviteSummary", description: "An invitation link (its secret is never shown again)." });
export type InviteSummary = z.infer<typeof inviteSummarySchema>;

export const inviteListSchema = z.object({ invites: z.array(inviteSummarySchema) });
export type InviteList = z.infer<typeof inviteListSchema>;

/** A new invitation: its secret, and the link that carries it, are shown this once. */
export const createdInviteSchema = z
  .object({
    id: z.uuid(),
    secret: z.string(),
    expiresAt: isoTime,
    maxUses: z.number().int(),
    link: z.string().meta({ description: "The sign-up path with the secret: /signup?invite=…" }),
  })
  .meta({ id: "CreatedInvite", description: "A new invitation; its secret is never shown again." });
export type CreatedInvite = z.infer<typeof createdInviteSchema>;

export const createdInviteBodySchema = z.object({ invite: createdInviteSchema });
export type CreatedInviteBody = z.infer<typeof createdInviteBodySchema>;

// --- Accounts ---------------------------------------------------------------------------------

export const accountSearchSchema = z.object({
  /** Part of a username; empty lists every account (at most 200). */
  q: lookupText(z.string().trim().max(64)).default(""),
});
export const setSuspendedSchema = z.object({ suspended: z.boolean() }).strict();
export type SetSuspended = z.input<typeof setSuspendedSchema>;

export const ACCOUNT_STATUSES = ["active", "suspended", "deleted"] as const;

export const accountRowSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    createdAt: isoTime,
    isAdmin: z.boolean(),
    status: z.enum(ACCOUNT_STATUSES),
  })
  .meta({ id: "AccountRow", description: "An account of the instance, as the admin area lists it." });
export type AccountRow = z.infer<typeof accountRowSchema>;

export const accountListSchema = z.object({ accounts: z.array(accountRowSchema) });
export type AccountList = z.infer<typeof accountListSchema>;

// --- Figures and the audit log ----------------------------------------------------------------

export const instanceFiguresSchema = z
  .object({
    /** Accounts that are neither suspended nor deleted. */
    accounts: z.number().int(),
    /** Devices (tabs, API clients) connected now, across every instance of the service. */
    connectedClients: z.number().int(),
    /** The last 30 days (UTC), oldest first. */
    messagesPerDay: z.array(z.object({ day: z.string().meta({ format: "date" }), count: z.number().int() })),
  })
  .meta({ id: "InstanceFigures" });
export type InstanceFigures = z.infer<typeof instanceFiguresSchema>;

export const auditEntrySchema = z
  .object({
    at: isoTime,
    /** The administrator's username, or `terminal` for `npm run admin`. */
    actor: z.string(),
    /** Where the action was taken: an administrator's session, or the server's terminal. */
    via: z.enum(["web", "terminal"]),
    action: z.string().meta({ examples: ["invite.create", "invite.revoke", "account.suspend", "account.unsuspend"] }),
    target: z.string().nullable(),
    details: z.unknown().meta({ description: "The action's input, e.g. an invitation's expiresInHours and maxUses." }),
  })
  .meta({ id: "AuditEntry", description: "One administrative action." });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditLogSchema = z.object({ entries: z.array(auditEntrySchema) });
export type AuditLog = z.infer<typeof auditLogSchema>;
