"use client";
// Answers to a message request: Accept (it becomes a conversation), Decline (it leaves the
// list; later messages are kept from me), or Block (decline, and an access rule `block`:
// my account then looks absent to them). The sender is told none of this.
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { useCommand } from "@/lib/client/react/use-command";

type Props = { peer: string; name: string; onAnswered?: (action: "accept" | "decline" | "block") => void };

export function RequestActions({ peer, name, onAnswered }: Props) {
  const respond = useCommand("im:respond-request");
  const answer = async (action: "accept" | "decline" | "block") => {
    if ((await respond.run({ peer, action })).ok) onAnswered?.(action);
  };
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={respond.pending} aria-label={`Accept ${name}`} onClick={() => void answer("accept")}>
          Accept
        </Button>
        <Button size="sm" variant="outline" disabled={respond.pending} aria-label={`Decline ${name}`} onClick={() => void answer("decline")}>
          Decline
        </Button>
        <ConfirmButton
          triggerLabel={`Block ${name}`}
          title={`Block ${name}?`}
          description={`${name} can no longer message you or see your status: to them, your account looks as if it did not exist. They are not told. You can undo this under Privacy.`}
          confirmLabel="Block"
          disabled={respond.pending}
          onConfirm={() => void answer("block")}
          triggerProps={{ variant: "outline", className: "text-busy" }}
        >
          Block
        </ConfirmButton>
      </div>
      <FormError error={respond.error} />
    </div>
  );
}
