"use client";
import { signInAction } from "@/app/(auth)/actions";
import { AccountForm } from "./account-form";

export function SignInForm({ notice }: { notice?: string }) {
  return (
    <AccountForm
      title="Sign in"
      submitLabel="Sign in"
      action={signInAction}
      passwordAutoComplete="current-password"
      footer={{ text: "New here?", href: "/signup", link: "Create an account" }}
      notice={notice}
    />
  );
}
