"use client";
// Changing the password asks for the current one; the server then ends every other session
// of the account (their tabs see "signed out" at once) and revokes every access token, so we
// say so before the person submits.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useApiAction } from "@/lib/client/react/use-api";
import { PASSWORD_MIN_LENGTH } from "@/lib/protocol/account";
import { changePassword } from "@/lib/client/account/account-api";
import { issueAt } from "@/lib/client/connection/commands";

const EMPTY = { currentPassword: "", newPassword: "", confirmPassword: "" };
const PLACED = new Set(["currentPassword", "newPassword"]);

export function PasswordForm({ username, onChanged }: { username: string; onChanged: () => void }) {
  const save = useApiAction(changePassword);
  const [values, setValues] = useState(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const [changed, setChanged] = useState(false);

  const field = (name: keyof typeof EMPTY) => ({
    name,
    type: "password",
    value: values[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      setValues((previous) => ({ ...previous, [name]: event.target.value }));
      setChanged(false);
      setMismatch(false);
      save.reset();
    },
  });

  return (
    <Card aria-labelledby="password-title">
      <h2 id="password-title" className="text-base font-semibold">
        Password
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        Changing it signs you out on every other device and browser, and revokes all your personal access tokens.
      </p>
      <form
        noValidate
        aria-labelledby="password-title"
        className="mt-4 grid gap-4 sm:max-w-sm"
        onSubmit={async (event) => {
          event.preventDefault();
          if (values.newPassword !== values.confirmPassword) {
            setMismatch(true);
            return;
          }
          const ack = await save.run({ currentPassword: values.currentPassword, newPassword: values.newPassword });
          if (!ack.ok) return;
          setValues(EMPTY);
          setChanged(true);
          onChanged();
        }}
      >
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <TextField
          label="Current password"
          autoComplete="current-password"
          error={issueAt(save.error, "currentPassword")}
          {...field("currentPassword")}
        />
        <TextField
          label="New password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters; not a common password.`}
          error={issueAt(save.error, "newPassword")}
          {...field("newPassword")}
        />
        <TextField
          label="Confirm new password"
          autoComplete="new-password"
          error={mismatch ? "The two new passwords are not the same." : undefined}
          {...field("confirmPassword")}
        />
        <FormError error={save.error} placed={(path) => PLACED.has(path)} />
        <div>
          <Button
            type="submit"
            disabled={save.pending || Object.values(values).some((value) => value === "")}
          >
            {save.pending ? "Changing…" : "Change password"}
          </Button>
        </div>
      </form>
      <p role="status" className="mt-3 text-sm font-medium text-emerald-700 empty:hidden dark:text-emerald-400">
        {changed ? "Password changed. Your other sessions were signed out and your access tokens revoked." : ""}
      </p>
    </Card>
  );
}
