"use client";
// Each invitation: its state in words (never colour alone), uses against the limit, expiry,
// and Revoke while it still works.
import { useState } from "react";
import { LocalTime } from "@/components/settings/local-time";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { type InviteSummary, revokeInvite } from "@/lib/client/admin/admin-api";
import { INVITE_STATE_LABELS, shortId, timeUntil, usesText } from "@/lib/client/admin/admin-display";
import { formatTimeAgo } from "@/lib/client/format/relative-time";
import { useApiAction } from "@/lib/client/react/use-api";
import { cn } from "@/lib/utils";

const STATE_STYLE: Record<InviteSummary["state"], string> = {
  active: "bg-available/15 text-emerald-800 dark:text-emerald-300",
  expired: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  "used-up": "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
  revoked: "bg-busy/10 text-red-700 dark:text-red-300",
};

/** "expires in 7 days", "expired 2 h ago" */
const expiry = (iso: string, now: number) =>
  Date.parse(iso) <= now ? `expired ${formatTimeAgo(iso, now)}` : `expires ${timeUntil(iso, now)}`;

function InviteRow({ invite, onRevoked }: { invite: InviteSummary; onRevoked: () => void }) {
  const revoke = useApiAction(revokeInvite);
  const name = `Invitation ${shortId(invite.id)}`;
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3" data-testid="invite" data-state={invite.state}>
      <div className="min-w-0 flex-1 text-sm">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{name}</span>
          <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STATE_STYLE[invite.state])}>
            {INVITE_STATE_LABELS[invite.state]}
          </span>
        </p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          <span data-testid="invite-uses">{usesText(invite.uses, invite.maxUses)}</span> ·{" "}
          <LocalTime iso={invite.expiresAt} format={expiry} /> · created <LocalTime iso={invite.createdAt} />
        </p>
      </div>
      {invite.state === "active" ? (
        <ConfirmButton
          triggerLabel={`Revoke ${name}`}
          triggerProps={{ variant: "outline", className: "text-busy" }}
          title={`Revoke ${name.toLowerCase()}?`}
          description="Its link stops working at once. Accounts already created with it stay."
          confirmLabel="Revoke invitation"
          disabled={revoke.pending}
          onConfirm={async () => {
            if ((await revoke.run(invite.id)).ok) onRevoked();
          }}
        >
          Revoke
        </ConfirmButton>
      ) : null}
      <FormError error={revoke.error} className="w-full" />
    </li>
  );
}

export function InviteList({ invites, onChanged }: { invites: InviteSummary[]; onChanged: () => void }) {
  const [said, setSaid] = useState("");
  if (invites.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No invitations yet.</p>;
  return (
    <>
      <p role="status" className="mb-2 text-sm font-medium text-emerald-700 empty:hidden dark:text-emerald-400">
        {said}
      </p>
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" aria-label="Invitations">
        {invites.map((invite) => (
          <InviteRow
            key={invite.id}
            invite={invite}
            onRevoked={() => {
              setSaid(`Invitation ${shortId(invite.id)} was revoked.`);
              onChanged();
            }}
          />
        ))}
      </ul>
    </>
  );
}
