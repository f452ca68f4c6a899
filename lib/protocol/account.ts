// REST bodies of sign-up and the account settings (validated or answered by the route
// handlers, and described in the OpenAPI document from these same schemas). The password
// rules live here rather than in lib/accounts, so that lib/protocol imports nothing of the
// services.
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 10;
/** Argon2 hashes any length, but an unbounded password is a cheap way to burn server CPU. */
export const PASSWORD_MAX_LENGTH = 200;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

/** POST /api/accounts answers with the new account. */
export const createdAccountSchema = z.object({ user: z.object({ id: z.string(), username: z.string() }) });
export type CreatedAccount = z.infer<typeof createdAccountSchema>;

const password = z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH);

export const changePasswordSchema = z.object({ currentPassword: password, newPassword: newPasswordSchema }).strict();
export const deleteAccountSchema = z.object({ password }).strict();

// --- Signed-in sessions -----------------------------------------------------------------------

/** A session is named by a UUID; anything else names no session (404, as an unknown one). */
export const sessionIdSchema = z.uuid();

export const sessionSummarySchema = z
  .object({
    id: z.uuid(),
    /** The session this request was made with. */
    current: z.boolean(),
    /** The browser and system, from the User-Agent: "Firefox on Linux". */
    device: z.string(),
    /** Roughly where from: the network (203.0.113.x), never the exact address. */
    address: z.string().nullable(),
    createdAt: z.string().meta({ format: "date-time" }),
    lastActiveAt: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "SessionSummary", description: "One signed-in session of the account." });
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const sessionListSchema = z.object({ sessions: z.array(sessionSummarySchema) });
export type SessionList = z.infer<typeof sessionListSchema>;

export const endedSessionsSchema = z.object({ ended: z.number().int().min(0).meta({ description: "How many sessions ended." }) });
export type EndedSessions = z.infer<typeof endedSessionsSchema>;
