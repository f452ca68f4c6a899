// REST bodies of account settings and the admin area (validated by the route handlers and
// described in the OpenAPI document from these same schemas). The password rules live here
// rather than in lib/accounts, so that lib/protocol imports nothing of the services.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
/** Argon2 hashes any length, but an unbounded password is a cheap way to burn server CPU. */
export const PASSWORD_MAX_LENGTH = 200;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

const password = z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH);

export const changePasswordSchema = z.object({ currentPassword: password, newPassword: newPasswordSchema }).strict();
export const deleteAccountSchema = z.object({ password }).strict();

export const createInviteSchema = z
  .object({
    /** How long the link works. */
    expiresInHours: z.number().int().min(1).max(24 * 90),
    /** How many accounts it may create. */
    maxUses: z.number().int().min(1).max(1000),
  })
  .strict();
export const setSuspendedSchema = z.object({ suspended: z.boolean() }).strict();
export const accountSearchSchema = z.object({ q: z.string().trim().max(64).default("") });
