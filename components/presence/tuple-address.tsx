import { addressOf, meansLabel, tupleHref } from "@/lib/client/presence/user-tuples";
import type { TupleView } from "@/lib/protocol";
import { cn } from "@/lib/utils";

/** One user tuple as a line: its label (or kind), its address (a link when it can be one), open/closed. */
export function TupleAddress({ tuple }: { tuple: TupleView }) {
  const href = tupleHref(tuple);
  const address = addressOf(tuple);
  return (
    <li className="flex flex-wrap items-baseline gap-x-2">
      <span className="w-24 shrink-0 text-zinc-500 dark:text-zinc-400">{tuple.label ?? meansLabel(tuple.means)}</span>
      {href ? (
        <a
          href={href}
          className="break-all text-brand underline-offset-2 hover:underline dark:text-indigo-300"
          {...(tuple.means === "https" ? { target: "_blank", rel: "noreferrer" } : {})}
        >
          {address}
        </a>
      ) : (
        <span className="break-all">{address}</span>
      )}
      <span className={cn("text-xs", tuple.status === "open" ? "text-green-700 dark:text-green-400" : "text-zinc-600 dark:text-zinc-400")}>
        {tuple.status === "open" ? "open" : "closed"}
      </span>
    </li>
  );
}
