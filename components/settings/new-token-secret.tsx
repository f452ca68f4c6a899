"use client";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { CreatedAccessToken } from "@/lib/protocol";

/** The one time a token's secret is visible: copy it now, it is never shown again. */
export function NewTokenSecret({ token, onDone, what = "token" }: { token: CreatedAccessToken; onDone: () => void; what?: string }) {
  return (
    <div role="region" aria-label={`New ${what}`} className="mt-4 grid gap-2 rounded-lg border border-away/60 bg-away/10 p-4 text-sm">
      <p className="font-medium">
        Copy your new {what} “{token.name}” now. You won’t be able to see it again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="token-secret"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs break-all select-all dark:border-zinc-700 dark:bg-zinc-950"
        >
          {token.token}
        </code>
        <CopyButton text={token.token} what={what} />
      </div>
      <div>
        <Button size="sm" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </div>
  );
}
