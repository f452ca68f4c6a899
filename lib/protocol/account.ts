// REST bodies and forms of sign-up, sign-in and the account settings (validated or answered
// by the route handlers and server actions, checked by the browser forms, and described in
// the OpenAPI document from these same schemas).
import { z } from "zod";
import { lookupText } from "./text";

export const PASSWORD_MIN_LENGTH = 10;
/** Argon2 hashes any length, but an unbounded password is a cheap way to burn server CPU. */
export const PASSWORD_MAX_LENGTH = 200;

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

/** USERNAME_PATTERN in words, said on the sign-up form before the person types. */
export const USERNAME_RULES = "3 to 32 characters: letters, digits, and _ . - (stored in lower case; it cannot be changed later).";

/** Usernames are unique case-insensitively: they are stored in lower case. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, "Use at least 3 characters.")
  .max(32, "Use at most 32 characters.")
  .regex(USERNAME_PATTERN, "Use only letters, digits, and _ . -");

export const signUpSchema = z.object({
  username: usernameSchema,
  password: newPasswordSchema,
  /** The secret of an invitation link, when sign-ups need one (SIGNUPS=invite). */
  invite: lookupText(z.string().trim().max(100)).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Sign-in checks shape only; anything else would hint at which accounts exist. */
export const signInSchema = z.object({
  username: lookupText(z.string().trim().toLowerCase().min(1, "Enter your username.").max(64)),
  password: z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** The state a server action returns to a form: field errors plus what was typed. */
export type FormState = {
  error?: string;
  fieldErrors?: Partial<Record<string, string>>;
  values?: Record<string, string>;
};

/** POST /api/accounts answers with the new account. */
export const createdAccountSchema = z.object({ user: z.object({ id: z.string(), username: z.string() }) });
export type CreatedAccount = z.infer<typeof createdAccountSchema>;

const password = z.string().min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH);

export const changePasswordSchema = z.object({ currentPassword: password, newPassword: newPasswordSchema }).strict();
export type ChangePassword = z.input<typeof changePasswordSchema>;
export const deleteAccountSchema = z.object({ password }).strict();
export type DeleteAccount = z.input<typeof deleteAccountSchema>;

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

export const endedSessionsSchema = z.object({
  ended: z.number().int().min(0).meta({ description: "How many sessions ended." }),
  revokedTokens: z.number().int().min(0).meta({ description: "How many personal access tokens were revoked with them." }),
});
export type EndedSessions = z.infer<typeof endedSessionsSchema>;
