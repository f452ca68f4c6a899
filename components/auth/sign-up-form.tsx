"use client";
import { signUpAction } from "@/app/(auth)/actions";
import { PASSWORD_MIN_LENGTH, USERNAME_RULES } from "@/lib/protocol/account";
import { AccountForm } from "./account-form";

export function SignUpForm({ invite, notice }: { invite?: string; notice?: string }) {
  return (
    <AccountForm
      title="Create your account"
      submitLabel="Sign up"
      action={signUpAction}
      passwordAutoComplete="new-password"
      usernameHint={USERNAME_RULES}
      showPasswordToggle
      passwordHint={`At least ${PASSWORD_MIN_LENGTH} characters; not a common password.`}
      footer={{ text: "Already have an account?", href: "/login", link: "Sign in" }}
      hidden={invite ? { invite } : undefined}
      notice={notice}
    />
  );
}
