"use client";
// Start a conversation by address: `alice` or `im:alice`, with suggestions as one types.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { NewGroupDialog } from "@/components/groups/new-group-dialog";
import { Button } from "@/components/ui/button";
import { PlusIcon, UsersIcon } from "@/components/ui/icons";
import { UsernameField } from "@/components/ui/username-field";
import { parseInboxAddress } from "@/lib/client/im/inbox-address";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { useUserSuggestions } from "@/lib/client/react/use-user-suggestions";

export function NewMessageForm() {
  const router = useRouter();
  const panelId = useId();
  const me = useConnectionState().session?.user.username;
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [grouping, setGrouping] = useState(false);
  const suggestions = useUserSuggestions(address.trim().replace(/^im:/i, ""));

  return (
    <div className="grid gap-2">
      <div className="grid grid-cols-2 gap-2">
        <Button variant="outline" size="sm" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          <PlusIcon />
          New message
        </Button>
        <Button variant="outline" size="sm" aria-haspopup="dialog" onClick={() => setGrouping(true)}>
          <UsersIcon />
          New group
        </Button>
      </div>
      <NewGroupDialog open={grouping} onClose={() => setGrouping(false)} />
      <form
        id={panelId}
        hidden={!open}
        noValidate
        aria-label="New message"
        className="grid gap-2 rounded-lg bg-zinc-50 p-2.5 dark:bg-zinc-800/50"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parseInboxAddress(address);
          if (!parsed.ok) return setError(parsed.message);
          if (parsed.username === me) return setError("That is you: write to someone else.");
          setAddress("");
          setOpen(false);
          router.push(`/messages/${encodeURIComponent(parsed.username)}`);
        }}
      >
        <UsernameField
          label="To"
          placeholder="alice or im:alice"
          value={address}
          onValueChange={(value) => {
            setAddress(value);
            setError(undefined);
          }}
          suggestions={suggestions}
          error={error}
        />
        <Button type="submit" size="sm" disabled={address.trim() === ""}>
          Write
        </Button>
      </form>
    </div>
  );
}
