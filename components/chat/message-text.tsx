// A message body on screen: text nodes and web links only. Never HTML: whatever the body holds
// (<script>, <img onerror>…) is shown as the characters it is.
import { Fragment } from "react";
import { linkify } from "@/lib/client/format/linkify";
import { cn } from "@/lib/utils";

export function MessageText({ body, className }: { body: string; className?: string }) {
  return (
    <p className={cn("whitespace-pre-wrap [overflow-wrap:anywhere]", className)}>
      {linkify(body).map((part, index) =>
        part.type === "link" ? (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer" className="font-medium underline underline-offset-2">
            {part.text}
          </a>
        ) : (
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </p>
  );
}
