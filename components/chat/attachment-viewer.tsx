"use client";
// The picture viewer: a modal <dialog> over the conversation. ← and → move between the
// conversation's pictures, Escape closes (the native dialog's), and focus goes back to the
// thumbnail that opened it. The picture's box has its proportions before it loads.
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ArrowLeftIcon, XIcon } from "@/components/ui/icons";

export type ViewerImage = { url: string; name: string; width: number | null; height: number | null };

export function AttachmentViewer({ images, start, onClose }: { images: ViewerImage[]; start: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(start);
  const opener = useRef<Element | null>(null);
  useLayoutEffect(() => {
    opener.current = document.activeElement;
    dialog.current?.showModal();
  }, []);
  useEffect(
    () => () => {
      if (opener.current instanceof HTMLElement) opener.current.focus();
    },
    [],
  );
  const image = images[index];
  if (!image) return null;
  const move = (step: number) => setIndex((current) => Math.min(images.length - 1, Math.max(0, current + step)));
  return (
    <dialog
      ref={dialog}
      aria-label={`Picture ${index + 1} of ${images.length}: ${image.name}`}
      data-testid="attachment-viewer"
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key === "ArrowRight") move(1);
        else if (event.key === "ArrowLeft") move(-1);
        else return;
        event.preventDefault();
      }}
      className="m-auto max-h-[95dvh] max-w-[95vw] rounded-xl bg-zinc-950 p-3 text-white backdrop:bg-zinc-950/80"
    >
      <div className="mb-2 flex items-center gap-2 text-sm">
        <p className="min-w-0 flex-1 truncate" aria-live="polite">
          {image.name} <span className="text-zinc-400">({index + 1}/{images.length})</span>
        </p>
        <Button type="button" size="sm" variant="ghost" aria-label="Previous picture" disabled={index === 0} onClick={() => move(-1)}>
          <ArrowLeftIcon />
        </Button>
        <Button
          type="button"
          size="sm"
          variant="ghost"
          aria-label="Next picture"
          disabled={index === images.length - 1}
          onClick={() => move(1)}
        >
          <ArrowLeftIcon className="rotate-180" />
        </Button>
        <Button type="button" size="sm" variant="ghost" aria-label="Close" onClick={() => dialog.current?.close()} autoFocus>
          <XIcon />
        </Button>
      </div>
      {/* eslint-disable-next-line @next/next/no-img-element -- a private, per-user URL: no optimiser */}
      <img
        key={image.url}
        src={image.url}
        alt={image.name}
        width={image.width ?? undefined}
        height={image.height ?? undefined}
        style={{ aspectRatio: image.width && image.height ? `${image.width} / ${image.height}` : undefined }}
        className="mx-auto max-h-[80dvh] w-auto max-w-full object-contain"
      />
    </dialog>
  );
}
