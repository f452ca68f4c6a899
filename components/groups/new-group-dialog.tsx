"use client";
// Starting a group: two or more people (from my contacts, or by username), an optional name.
// The group opens once the server created it; a retried "Start" is the same group (client id).
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { groupPath } from "@/lib/client/groups/group-view";
import { newClientId } from "@/lib/client/im/client-id";
import { useGroupClient } from "@/lib/client/react/client-context";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import type { ProtocolError } from "@/lib/protocol";
import { GROUP_NAME_MAX_LENGTH } from "@/lib/protocol/groups";
import { PeoplePicker } from "./people-picker";

type Props = { open: boolean; onClose: () => void; initial?: string[] };

export function NewGroupDialog({ open, onClose, initial = [] }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Start a group" description="Choose two or more people. Naming the group is optional.">
      <NewGroupForm initial={initial} onDone={onClose} />
    </Dialog>
  );
}

function NewGroupForm({ initial, onDone }: { initial: string[]; onDone: () => void }) {
  const id = useId();
  const router = useRouter();
  const client = useGroupClient();
  const me = useConnectionState().session?.user.username ?? "";
  const [chosen, setChosen] = useState<string[]>(initial);
  const [name, setName] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  // One client id per form: "Start" again after no answer is the same group.
  const [clientId] = useState(newClientId);
  const exclude = useMemo(() => new Set([me]), [me]);

  return (
    <form
      className="grid gap-4"
      aria-label="New group"
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        const ack = await client.command("create", { clientId, name: name.trim() === "" ? null : name.trim(), members: chosen });
        setPending(false);
        if (!ack.ok) return setError(ack.error);
        client.store.dispatch({ type: "changed", summary: ack.data });
        onDone();
        router.push(groupPath(ack.data.id));
      }}
    >
      <div className="grid gap-1">
        <label htmlFor={`${id}-name`} className="text-sm font-medium">
          Name <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
        </label>
        <Input id={`${id}-name`} value={name} maxLength={GROUP_NAME_MAX_LENGTH} onChange={(event) => setName(event.target.value)} placeholder="The members’ names" />
      </div>
      <PeoplePicker chosen={chosen} onChange={setChosen} exclude={exclude} />
      <FormError error={error} />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending || chosen.length < 2}>
          Start group
        </Button>
      </div>
    </form>
  );
}
