// Text with the searched words in <mark>. Every part is a React text child, so whatever the
// text holds is shown as characters, never read as HTML.
import { highlightParts } from "@/lib/client/format/highlight";

export function HighlightedText({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightParts(text, query).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-zinc-950 dark:bg-amber-300">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
