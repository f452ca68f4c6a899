"use client";
// Add a contact by username: a SUBSCRIPTION request that waits for their approval.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { UserPlusIcon } from "@/components/ui/icons";
import { issueAt } from "@/lib/client/connection/commands";
import { useCommand } from "@/lib/client/react/use-command";

export function AddContactForm() {
  const request = useCommand("subscription:request");
  const [username, setUsername] = useState("");
  const [sent, setSent] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSent(null);
    const ack = await request.run({ username });
    if (!ack.ok) return;
    setUsername("");
    setSent(
      ack.data.state === "active"
        ? `@${ack.data.username} is on your list.`
        : `Request sent. @${ack.data.username} shows as Pending until they approve.`,
    );
  };

  const error = request.error ? (issueAt(request.error, "username") ?? request.error.message) : undefined;
  return (
    <form onSubmit={submit} noValidate className="flex items-start gap-2">
      <TextField
        label="Add a contact"
        placeholder="username"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        value={username}
        onChange={(event) => {
          setUsername(event.target.value);
          request.reset();
        }}
        error={error}
        hint={sent ?? undefined}
        className="flex-1"
        required
      />
      <Button type="submit" className="mt-6.5" disabled={request.pending || username.trim() === ""}>
        <UserPlusIcon />
        Add
      </Button>
    </form>
  );
}
