"use client";
// The shared shape of the sign-in and sign-up forms. Submitting through startTransition
// (not the form's action prop) keeps what was typed when the server answers with an error.
import Link from "next/link";
import { useActionState, useState, useTransition } from "react";
import type { FormState } from "@/lib/protocol/account";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { EyeIcon, EyeOffIcon } from "@/components/ui/icons";

type Props = {
  title: string;
  submitLabel: string;
  action: (previous: FormState, form: FormData) => Promise<FormState>;
  passwordAutoComplete: "current-password" | "new-password";
  passwordHint?: string;
  /** The username rules, said before the person types (sign-up). */
  usernameHint?: string;
  /** Offer a button that shows the password as typed (sign-up, where a typo locks one out). */
  showPasswordToggle?: boolean;
  footer: { text: string; href: string; link: string };
  /** Sent along unchanged (an invitation's secret). */
  hidden?: Record<string, string>;
  /** Said above the form (e.g. that sign-ups need an invitation). */
  notice?: string;
};

export function AccountForm({
  title,
  submitLabel,
  action,
  passwordAutoComplete,
  passwordHint,
  usernameHint,
  showPasswordToggle = false,
  footer,
  hidden,
  notice,
}: Props) {
  const [state, submit] = useActionState(action, {});
  const [pending, startTransition] = useTransition();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [passwordShown, setPasswordShown] = useState(false);

  return (
    <Card>
      <h1 className="mb-4 text-lg font-semibold">{title}</h1>
      {notice ? (
        <p role="status" className="mb-4 rounded-md bg-zinc-100 px-3 py-2 text-sm dark:bg-zinc-800" data-testid="form-notice">
          {notice}
        </p>
      ) : null}
      <form
        noValidate
        className="grid gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          startTransition(() => submit(form));
        }}
      >
        {Object.entries(hidden ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          error={state.fieldErrors?.username}
          hint={usernameHint}
          required
        />
        <TextField
          label="Password"
          name="password"
          type={passwordShown ? "text" : "password"}
          autoComplete={passwordAutoComplete}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={state.fieldErrors?.password}
          hint={passwordHint}
          required
        />
        {showPasswordToggle ? (
          // Named by its text, not aria-label, so "Password" still names only the input.
          <Button
            variant="outline"
            size="sm"
            className="-mt-2 justify-self-start"
            aria-pressed={passwordShown}
            onClick={() => setPasswordShown((shown) => !shown)}
          >
            {passwordShown ? <EyeOffIcon /> : <EyeIcon />}
            Show password
          </Button>
        ) : null}
        {state.error ? (
          <p role="alert" className="rounded-md bg-busy/10 px-3 py-2 text-sm font-medium text-busy">
            {state.error}
          </p>
        ) : null}
        <Button type="submit" disabled={pending}>
          {pending ? "Please wait…" : submitLabel}
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500 dark:text-zinc-400">
        {footer.text}{" "}
        <Link href={footer.href} className="font-medium text-brand underline-offset-4 hover:underline dark:text-indigo-300">
          {footer.link}
        </Link>
      </p>
    </Card>
  );
}
