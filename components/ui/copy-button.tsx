"use client";
// Copies a text to the clipboard and says whether it worked (the clipboard can be refused).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyIcon } from "@/components/ui/icons";

export function CopyButton({ text, what }: { text: string; what: string }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setCopied("yes");
          } catch {
            setCopied("failed");
          }
        }}
      >
        <CopyIcon />
        Copy
      </Button>
      <p role="status" className="w-full text-xs empty:hidden">
        {copied === "yes" ? `The ${what} is on the clipboard.` : copied === "failed" ? `Copying failed: select the ${what} and copy it by hand.` : ""}
      </p>
    </>
  );
}
