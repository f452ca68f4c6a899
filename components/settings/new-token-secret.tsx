"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyIcon } from "@/components/ui/icons";
import type { CreatedAccessToken } from "@/lib/protocol";

/** The one time a token's secret is visible: copy it now, it is never shown again. */
export function NewTokenSecret({ token, onDone }: { token: CreatedAccessToken; onDone: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <div role="region" aria-label="New token" className="mt-4 grid gap-2 rounded-lg border border-away/60 bg-away/10 p-4 text-sm">
      <p className="font-medium">
        Copy your new token “{token.name}” now. You won’t be able to see it again.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          data-testid="token-secret"
          className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs break-all select-all dark:border-zinc-700 dark:bg-zinc-950"
        >
          {token.token}
        </code>
        <Button
          variant="outline"
          size="sm"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(token.token);
              setCopied("yes");
            } catch {
              setCopied("failed");
            }
          }}
        >
          <CopyIcon />
          Copy
        </Button>
      </div>
      <p role="status" className="text-xs empty:hidden">
        {copied === "yes" ? "Copied to the clipboard." : copied === "failed" ? "Copying failed: select the token and copy it by hand." : ""}
      </p>
      <div>
        <Button size="sm" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </div>
  );
}
