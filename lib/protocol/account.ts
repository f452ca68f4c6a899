// REST bodies of account settings and the admin area (validated by the route handlers and
// described in the OpenAPI document from these same schemas).
import { z } from "zod";
import { newPasswordSchema } from "@/lib/accounts/schemas";

const password = z.string().min(1, "Enter your password.").max(200);

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
