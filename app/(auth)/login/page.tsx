import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Notices another page sends people here with (`?deleted=1` after deleting an account). */
function signInNotice(params: { deleted?: string | string[] }): string | undefined {
  return params.deleted === "1" ? "Your account was deleted." : undefined;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ deleted?: string | string[] }> }) {
  return <SignInForm notice={signInNotice(await searchParams)} />;
}
