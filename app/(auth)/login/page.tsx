import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { sessionEndNotice } from "@/lib/client/connection/session-end";

export const metadata: Metadata = { title: "Sign in" };

type Params = { deleted?: string | string[]; ended?: string | string[] };

/**
 * Notices another page sends people here with: `?deleted=1` after deleting an account,
 * `?ended=…` from a tab whose session ended (lib/client/connection/session-end.ts).
 */
function signInNotice(params: Params): string | undefined {
  return params.deleted === "1" ? "Your account was deleted." : sessionEndNotice(params.ended);
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Params> }) {
  return <SignInForm notice={signInNotice(await searchParams)} />;
}
