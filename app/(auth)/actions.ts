"use server";
// Form actions of the sign-in and sign-up pages. Validation uses the same schemas as the
// REST endpoint; errors come back as inline field messages with what was typed kept.
import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { signInSchema, signUpSchema, type FormState } from "@/lib/protocol/account";
import { signIn, signOut } from "@/lib/auth";
import { requestMeta } from "@/lib/auth/request-meta";
import { getServices } from "@/lib/services";

function fieldErrorsOf(issues: { path: PropertyKey[]; message: string }[]) {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Turns an Auth.js sign-in failure into a message; anything else is re-thrown (redirects too). */
function signInFailure(error: unknown): string {
  if (!(error instanceof AuthError)) throw error;
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  const wait = /^retry_after_(\d+)$/.exec(code);
  if (wait) return `Too many failed attempts. Try again in ${wait[1]} s.`;
  if (code === "suspended") return "This account is suspended. Ask the server's operator.";
  if (error.type === "CredentialsSignin") return "Wrong username or password.";
  return "Signing in failed. Try again.";
}

export async function signInAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { username: String(form.get("username") ?? "") };
  const parsed = signInSchema.safeParse({ username: form.get("username"), password: form.get("password") });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: "/" });
    return {};
  } catch (error) {
    return { values, error: signInFailure(error) };
  }
}

export async function signUpAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { username: String(form.get("username") ?? "") };
  const parsed = signUpSchema.safeParse({
    username: form.get("username"),
    password: form.get("password"),
    invite: form.get("invite") || undefined,
  });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf(parsed.error.issues) };
  const { invite, ...credentials } = parsed.data;
  const { ipAddress } = requestMeta(await headers());
  const result = await getServices().accounts.signUp(credentials, { invite, address: ipAddress });
  if (!result.ok) {
    return result.field === "form"
      ? { values, error: result.message }
      : { values, fieldErrors: { [result.field]: result.message } };
  }
  try {
    await signIn("credentials", { ...credentials, redirectTo: "/" });
    return {};
  } catch (error) {
    return { values, error: signInFailure(error) };
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
