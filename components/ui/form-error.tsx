import type { ProtocolError } from "@/lib/protocol";
import { cn } from "@/lib/utils";

/**
 * A command's error, announced: its message, plus the field issues no field shows inline
 * (pass `placed` to say which paths the form renders next to their fields).
 */
export function FormError({
  error,
  placed = () => false,
  className,
}: {
  error: ProtocolError | null | undefined;
  placed?: (path: string) => boolean;
  className?: string;
}) {
  if (!error) return null;
  const others = (error.issues ?? []).filter((issue) => !placed(issue.path));
  const allPlaced = (error.issues?.length ?? 0) > 0 && others.length === 0;
  return (
    <div role="alert" className={cn("rounded-md bg-busy/10 px-3 py-2 text-sm font-medium text-busy", className)}>
      {/* The generic "not valid" adds nothing when every problem is shown at its field. */}
      {allPlaced ? "Check the highlighted fields." : error.message}
      {others.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 font-normal">
          {others.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
