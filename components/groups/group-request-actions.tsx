"use client";
// Answers to a group request (someone not in my contacts added me): Accept (I become a member),
// Decline (it leaves my list; to the others it looks as if I left), or Block (decline, and
// block the person who added me, who is not told).
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { useGroupClient } from "@/lib/client/react/client-context";
import type { ProtocolError } from "@/lib/protocol";
import { useState } from "react";

type Action = "accept" | "decline" | "block";
type Props = { groupId: string; title: string; adder: string | null; onAnswered?: (action: Action) => void };

export function GroupRequestActions({ groupId, title, adder, onAnswered }: Props) {
  const client = useGroupClient();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ProtocolError | null>(null);
  const answer = async (action: Action) => {
    setPending(true);
    const ack = await client.command("respond", { groupId, action });
    setPending(false);
    setError(ack.ok ? null : ack.error);
    if (!ack.ok) return;
    if (action !== "accept") client.store.dispatch({ type: "removed", groupId });
    else if (ack.data) client.store.dispatch({ type: "changed", summary: ack.data });
    onAnswered?.(action);
  };
  const who = adder ?? "the person who added you";
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={pending} aria-label={`Accept the group ${title}`} onClick={() => void answer("accept")}>
          Accept
        </Button>
        <Button size="sm" variant="outline" disabled={pending} aria-label={`Decline the group ${title}`} onClick={() => void answer("decline")}>
          Decline
        </Button>
        <ConfirmButton
          triggerLabel={`Block ${who}`}
          title={`Decline and block ${who}?`}
          description={`You leave the group, and ${who} can no longer message you or see your status. They are not told. You can undo the block under Privacy.`}
          confirmLabel="Block"
          disabled={pending}
          onConfirm={() => void answer("block")}
          triggerProps={{ variant: "outline", className: "text-busy" }}
        >
          Block
        </ConfirmButton>
      </div>
      <FormError error={error} />
    </div>
  );
}
