"use client";
import type { ConnectionStatus } from "@/lib/client/connection/connection";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { cn } from "@/lib/utils";

const LABELS: Record<ConnectionStatus, { text: string; dot: string }> = {
  connecting: { text: "Connecting…", dot: "bg-away animate-pulse" },
  connected: { text: "Connected", dot: "bg-available" },
  reconnecting: { text: "Reconnecting…", dot: "bg-away animate-pulse" },
  offline: { text: "Offline", dot: "bg-offline" },
  "signed-out": { text: "Signed out", dot: "bg-busy" },
};

/**
 * The live socket's state, in words (never colour alone), announced when it changes. Once
 * signed out the provider shows <SessionEnded> instead of the page, so that state needs no link.
 */
export function ConnectionIndicator() {
  const { status, error } = useConnectionState();
  const label = LABELS[status];
  return (
    <div className="flex items-center text-xs">
      <span
        role="status"
        aria-live="polite"
        data-testid="connection-status"
        data-status={status}
        title={error}
        className="inline-flex items-center gap-1.5 rounded-full border border-zinc-200 px-2 py-0.5 dark:border-zinc-700"
      >
        <span aria-hidden className={cn("size-2 rounded-full", label.dot)} />
        {label.text}
      </span>
    </div>
  );
}
