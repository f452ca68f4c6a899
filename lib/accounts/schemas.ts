// Account form schemas, shared by the browser forms and the server (no server-only imports).
import { z } from "zod";
import { newPasswordSchema, PASSWORD_MAX_LENGTH } from "@/lib/protocol/account";
import { lookupText } from "@/lib/protocol/text";

// The password rules are part of the protocol (the account settings API checks them too).
export { newPasswordSchema, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/protocol/account";

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

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
