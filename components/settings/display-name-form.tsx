"use client";
// The name my contacts see next to my username.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { issueAt } from "@/lib/client/connection/commands";
import { useCommand } from "@/lib/client/react/use-command";
import { useConnectionState } from "@/lib/client/react/use-connection-state";

export function DisplayNameForm({ initial }: { initial: string }) {
  const current = useConnectionState().session?.user.displayName ?? initial;
  const save = useCommand("profile:set-display-name");
  // Untouched, the field follows the live name (it may change in another tab).
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const value = draft ?? current;

  return (
    <Card aria-labelledby="display-name-title">
      <h2 id="display-name-title" className="text-base font-semibold">
        Display name
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Shown to your contacts next to your username.</p>
      <form
        noValidate
        className="mt-4 flex flex-wrap items-start gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          const ack = await save.run({ displayName: value });
          if (!ack.ok) return;
          setDraft(null);
          setSaved(true);
        }}
      >
        <TextField
          label="Display name"
          value={value}
          autoComplete="nickname"
          onChange={(event) => {
            setDraft(event.target.value);
            setSaved(false);
            save.reset();
          }}
          error={issueAt(save.error, "displayName")}
          className="min-w-56 flex-1"
        />
        <Button type="submit" className="mt-6.5" disabled={save.pending || value.trim() === current}>
          Save
        </Button>
      </form>
      <FormError error={save.error} placed={(path) => path === "displayName"} className="mt-3" />
      <p role="status" className="mt-2 text-sm text-green-700 empty:hidden dark:text-green-400">
        {saved ? "Saved." : ""}
      </p>
    </Card>
  );
}
