"use client";
// The one time an invitation's link is visible: the server keeps only a hash of its secret.
import { Button } from "@/components/ui/button";
import type { CreatedInvite } from "@/lib/client/admin/admin-api";
import { usesCount } from "@/lib/client/admin/admin-display";
import { CopyButton } from "@/components/ui/copy-button";

export function NewInviteLink({ invite, onDone }: { invite: CreatedInvite; onDone: () => void }) {
  // The server gives a path; people need the whole address to send it on.
  const url = `${window.location.origin}${invite.link}`;
  const until = new Date(invite.expiresAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  return (
    <div role="region" aria-label="New invitation link" className="mt-4 grid gap-2 rounded-lg border border-away/60 bg-away/10 p-4 text-sm">
      <p className="font-medium">Copy this link now and send it to the person you invite. It is shown only once.</p>
      <p className="text-xs text-zinc-600 dark:text-zinc-300">
        Works until {until}, for {usesCount(invite.maxUses)}.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="invite-link"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs break-all select-all dark:border-zinc-700 dark:bg-zinc-950"
        >
          {url}
        </code>
        <CopyButton text={url} what="link" />
      </div>
      <div>
        <Button size="sm" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </div>
  );
}
