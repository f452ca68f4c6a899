"use client";
// A message's pictures and files. A picture shows its thumbnail in a box of its own proportions
// (width and height are known before it loads: nothing jumps) and opens the viewer; a file shows
// its name and size and downloads. In a message request not yet accepted there are no URLs:
// names and sizes only.
import { useState } from "react";
import type { AttachmentView } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { AttachmentViewer, type ViewerImage } from "./attachment-viewer";
import { formatFileSize } from "./file-size";

/** The viewer moves between the conversation's pictures: those on screen, in order. */
function imagesAround(button: HTMLElement): { images: ViewerImage[]; index: number } {
  const list = button.closest("[data-testid='message']")?.parentElement ?? button.ownerDocument.body;
  const buttons = [...list.querySelectorAll<HTMLElement>("[data-viewer-image]")];
  const images = buttons.map((element) => JSON.parse(element.dataset.viewerImage!) as ViewerImage);
  return { images, index: Math.max(0, buttons.indexOf(button)) };
}

function FileIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} aria-hidden focusable={false} className="size-5 shrink-0">
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
    </svg>
  );
}

export function MessageAttachments({ attachments, mine }: { attachments: AttachmentView[]; mine: boolean }) {
  const [viewer, setViewer] = useState<{ images: ViewerImage[]; index: number } | null>(null);
  if (attachments.length === 0) return null;
  return (
    <>
      <ul className="mb-1 grid grid-cols-1 gap-1.5" aria-label="Attachments">
        {attachments.map((attachment) => (
          <li key={attachment.id} data-testid="attachment" data-kind={attachment.kind}>
            {attachment.kind === "image" && attachment.thumbnailUrl && attachment.previewUrl ? (
              <button
                type="button"
                className="block overflow-hidden rounded-lg focus-visible:outline-2 focus-visible:outline-offset-2"
                style={{ aspectRatio: `${attachment.width} / ${attachment.height}`, width: "16rem", maxWidth: "100%" }}
                aria-label={`View picture ${attachment.name}`}
                data-viewer-image={JSON.stringify({
                  url: attachment.previewUrl,
                  name: attachment.name,
                  width: attachment.width,
                  height: attachment.height,
                } satisfies ViewerImage)}
                onClick={(event) => setViewer(imagesAround(event.currentTarget))}
              >
                {/* eslint-disable-next-line @next/next/no-img-element -- a private, per-user URL: no optimiser */}
                <img
                  src={attachment.thumbnailUrl}
                  alt={attachment.name}
                  width={attachment.width ?? undefined}
                  height={attachment.height ?? undefined}
                  loading="lazy"
                  className="size-full object-cover"
                />
              </button>
            ) : (
              <a
                href={attachment.url ?? undefined}
                download={attachment.url ? attachment.name : undefined}
                aria-disabled={attachment.url ? undefined : true}
                className={cn(
                  "flex items-center gap-2 rounded-lg px-2 py-1.5",
                  mine ? "bg-white/15" : "bg-white dark:bg-zinc-700",
                  attachment.url ? "hover:underline" : "cursor-default",
                )}
              >
                <FileIcon />
                <span className="min-w-0 truncate font-medium">{attachment.name}</span>
                <span className="shrink-0 text-xs opacity-80">{formatFileSize(attachment.size)}</span>
              </a>
            )}
          </li>
        ))}
      </ul>
      {viewer ? <AttachmentViewer images={viewer.images} start={viewer.index} onClose={() => setViewer(null)} /> : null}
    </>
  );
}
