import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getServices } from "@/lib/services";

export const metadata: Metadata = { title: "Sign up" };

/** Says up front when this server only admits invited people, or nobody. */
async function signUpNotice(invite: string | undefined): Promise<string | undefined> {
  const { env, accounts } = getServices();
  if (env.SIGNUPS === "open" || !(await accounts.hasAccounts())) return undefined;
  if (env.SIGNUPS === "closed") return "Sign-ups are closed on this server.";
  return invite ? "You were invited: choose a username and a password." : "Sign-ups on this server need an invitation link.";
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string | string[] }> }) {
  const raw = (await searchParams).invite;
  const invite = typeof raw === "string" ? raw.slice(0, 100) : undefined;
  return <SignUpForm invite={invite} notice={await signUpNotice(invite)} />;
}
