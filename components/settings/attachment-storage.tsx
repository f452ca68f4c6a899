// Storage for pictures and files: how much of the account's quota they use (files in
// conversations, and uploads not sent yet). Deleting messages on both sides frees it.
import { Card } from "@/components/ui/card";
import type { AttachmentUsage } from "@/lib/protocol";
import { formatFileSize } from "@/components/chat/file-size";

export function AttachmentStorage({ usage }: { usage: AttachmentUsage }) {
  const share = usage.quotaBytes > 0 ? Math.min(1, usage.usedBytes / usage.quotaBytes) : 0;
  return (
    <Card aria-labelledby="storage-title">
      <h2 id="storage-title" className="text-base font-semibold">
        Pictures and files
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        What you send takes space until both sides have deleted it. Each file may be at most {formatFileSize(usage.maxFileBytes)}.
      </p>
      <p className="mt-3 text-sm" data-testid="attachment-usage">
        {formatFileSize(usage.usedBytes)} of {formatFileSize(usage.quotaBytes)} used ({usage.count} {usage.count === 1 ? "file" : "files"})
      </p>
      <progress className="mt-1 h-2 w-full accent-brand" max={1} value={share} aria-label="Storage used" />
    </Card>
  );
}
