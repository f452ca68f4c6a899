"use client";
// The files waiting in the composer: each with its name, a progress bar while it uploads,
// Cancel, and Retry when it failed (the server's reason said, e.g. over the size limit).
import { Button } from "@/components/ui/button";
import { XIcon } from "@/components/ui/icons";
import type { PendingAttachment } from "@/lib/client/im/attachment-upload";
import { formatFileSize } from "./file-size";

type Props = {
  pending: PendingAttachment[];
  onCancel: (key: string) => void;
  onRetry: (key: string) => void;
};

export function ComposerAttachments({ pending, onCancel, onRetry }: Props) {
  if (pending.length === 0) return null;
  return (
    <ul aria-label="Files to send" data-testid="composer-attachments" className="flex flex-wrap gap-2">
      {pending.map((item) => (
        <li
          key={item.key}
          data-testid="pending-attachment"
          data-state={item.state}
          className="grid min-w-40 max-w-64 gap-1 rounded-lg border border-zinc-200 px-2.5 py-1.5 text-xs dark:border-zinc-700"
        >
          <div className="flex items-center gap-1.5">
            <span className="min-w-0 flex-1 truncate font-medium" title={item.file.name}>
              {item.file.name}
            </span>
            <span className="shrink-0 text-zinc-500 tabular-nums dark:text-zinc-400">{formatFileSize(item.file.size)}</span>
            <Button
              type="button"
              size="sm"
              variant="ghost"
              className="size-6 p-0"
              aria-label={`${item.state === "uploading" ? "Cancel" : "Remove"} ${item.file.name}`}
              onClick={() => onCancel(item.key)}
            >
              <XIcon />
            </Button>
          </div>
          {item.state === "uploading" ? (
            <progress
              className="h-1.5 w-full accent-brand"
              max={1}
              value={item.progress}
              aria-label={`Uploading ${item.file.name}`}
            />
          ) : null}
          {item.state === "failed" ? (
            <div className="flex items-center gap-2">
              <p role="alert" className="min-w-0 flex-1 text-busy">
                {item.error}
              </p>
              <Button type="button" size="sm" variant="outline" className="h-6" onClick={() => onRetry(item.key)}>
                Retry
              </Button>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
