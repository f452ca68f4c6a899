"use client";
// Suspend or lift a suspension, after asking. Deleted accounts and my own have no actions:
// the server refuses to suspend the admin doing it, so the button is not offered.
import { FormError } from "@/components/ui/form-error";
import { type AccountRow, setSuspended } from "@/lib/client/admin/admin-api";
import { useApiAction } from "@/lib/client/react/use-api";
import { ConfirmButton } from "@/components/ui/confirm-dialog";

type Props = { account: AccountRow; me: string; onDone: (said: string) => void };

export function AccountActions({ account, me, onDone }: Props) {
  const suspend = useApiAction(setSuspended);
  const { username, status } = account;
  if (status === "deleted") return null;
  if (username === me) return <span className="text-xs text-zinc-500 dark:text-zinc-400">This is you</span>;
  const suspending = status === "active";
  return (
    <div className="grid justify-items-start gap-1">
      <ConfirmButton
        triggerLabel={`${suspending ? "Suspend" : "Unsuspend"} ${username}`}
        triggerProps={{ variant: "outline", className: suspending ? "text-busy" : undefined }}
        tone={suspending ? "destructive" : "default"}
        title={suspending ? `Suspend @${username}?` : `Lift the suspension of @${username}?`}
        description={
          suspending
            ? "Their sessions, open tabs and access tokens stop working at once, and they cannot sign in until you lift the suspension. Their data stays."
            : "They can sign in again. Their access tokens work again too."
        }
        confirmLabel={suspending ? "Suspend account" : "Lift suspension"}
        disabled={suspend.pending}
        onConfirm={async () => {
          const ack = await suspend.run(username, suspending);
          if (ack.ok) onDone(suspending ? `@${username} is suspended.` : `@${username} may sign in again.`);
        }}
      >
        {suspending ? "Suspend" : "Unsuspend"}
      </ConfirmButton>
      <FormError error={suspend.error} />
    </div>
  );
}
