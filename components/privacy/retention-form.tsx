"use client";
// How long watcher information is kept (older records are deleted): 1 to 365 days.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { issueAt } from "@/lib/client/connection/commands";
import { usePrivacyCommand } from "@/lib/client/react/use-privacy-command";
import { MAX_RETENTION_DAYS } from "@/lib/protocol";

const OUT_OF_RANGE = `Enter a whole number of days from 1 to ${MAX_RETENTION_DAYS}.`;

export function RetentionForm({ days }: { days: number }) {
  const save = usePrivacyCommand("privacy:set-retention");
  const [value, setValue] = useState(String(days));
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState(false);
  const error = problem ?? (save.error ? (issueAt(save.error, "days") ? OUT_OF_RANGE : save.error.message) : undefined);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const wanted = Number(value);
    if (value.trim() === "" || !Number.isInteger(wanted) || wanted < 1 || wanted > MAX_RETENTION_DAYS) {
      setProblem(OUT_OF_RANGE);
      return;
    }
    setDone((await save.run({ days: wanted })).ok);
  };

  return (
    <form noValidate className="flex flex-wrap items-start gap-2" onSubmit={submit}>
      <TextField
        label="Keep watcher information for (days)"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_RETENTION_DAYS}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setProblem(undefined);
          setDone(false);
          save.reset();
        }}
        error={error}
        hint={done ? "Saved. Older records are deleted." : `From 1 to ${MAX_RETENTION_DAYS} days; older records are deleted.`}
        className="w-full max-w-64"
      />
      <Button type="submit" variant="outline" className="sm:mt-6.5" disabled={save.pending || value === String(days)}>
        Save
      </Button>
    </form>
  );
}
