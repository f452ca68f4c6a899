"use client";
// The danger zone: what deletion removes and what stays, then the password to confirm. The
// session ends with the account, so success leaves for the sign-in page with a notice.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { deleteAccount } from "@/lib/client/account/account-api";
import { issueAt } from "@/lib/client/connection/commands";
import { endSessionHere } from "@/lib/client/connection/session-end";
import { useApiAction } from "@/lib/client/react/use-api";

/** Where the browser goes once the account is gone (the sign-in page shows the notice). */
export const AFTER_DELETION = "/login?deleted=1";

function ConfirmDeletion({ username, onCancel }: { username: string; onCancel: () => void }) {
  const remove = useApiAction(deleteAccount);
  const [password, setPassword] = useState("");
  const [leaving, setLeaving] = useState(false);
  const busy = remove.pending || leaving;
  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={async (event) => {
        event.preventDefault();
        // The socket hears the session end too, and may before this answer: it goes to the same page.
        const undo = endSessionHere(AFTER_DELETION);
        const ack = await remove.run(password);
        if (!ack.ok) return undo();
        setLeaving(true);
        // A full load, not a client navigation: every bit of this signed-in page must go.
        window.location.replace(AFTER_DELETION);
      }}
    >
      <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        autoFocus
        onChange={(event) => {
          setPassword(event.target.value);
          remove.reset();
        }}
        // The server names the field of its own form (currentPassword) or ours (password).
        error={issueAt(remove.error, "currentPassword") ?? issueAt(remove.error, "password")}
      />
      <FormError error={remove.error} placed={(path) => path === "currentPassword" || path === "password"} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="outline" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button type="submit" variant="destructive" disabled={busy || password === ""}>
          {busy ? "Deleting…" : "Delete my account forever"}
        </Button>
      </div>
    </form>
  );
}

export function DeleteAccount({ username }: { username: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Card aria-labelledby="delete-title" className="border-busy/50 dark:border-busy/50">
      <h2 id="delete-title" className="text-base font-semibold text-busy">
        Delete my account
      </h2>
      <p className="mt-1 text-sm">This cannot be undone. When you delete your account:</p>
      <ul className="mt-2 grid list-disc gap-1 pl-5 text-sm text-zinc-600 dark:text-zinc-300">
        <li>your status and devices disappear: people who watched you see you as they would an unknown user;</li>
        <li>your contacts, groups, subscriptions in both directions, privacy rules and access tokens are removed;</li>
        <li>your inbox is removed; messages you sent stay in other people’s inboxes, marked as from a deleted account;</li>
        <li>
          your username <strong className="font-semibold">@{username}</strong> stays reserved forever: nobody can sign up
          with it again, not even you.
        </li>
      </ul>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">To keep a copy, export your data first.</p>
      <Button variant="destructive" className="mt-4" onClick={() => setOpen(true)}>
        Delete my account…
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Delete your account?"
        description={`Enter your password to delete @${username} and everything of it. This cannot be undone.`}
      >
        <ConfirmDeletion username={username} onCancel={() => setOpen(false)} />
      </Dialog>
    </Card>
  );
}
