"use client";
// "My status": what my watchers see of me now, and the controls to change it.
import { AppearOfflineSwitch } from "@/components/privacy/appear-offline-switch";
import { Card } from "@/components/ui/card";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { cn } from "@/lib/utils";
import { CurrentStatus } from "./current-status";
import { StatusForm } from "./status-form";

export function MyStatus({ className }: { className?: string }) {
  const { me } = useBuddyList();
  return (
    <Card aria-labelledby="my-status-title" className={cn("p-5", className)}>
      <h2 id="my-status-title" className="text-base font-semibold">
        My status
      </h2>
      {me ? (
        <div className="mt-3 grid gap-4">
          <CurrentStatus me={me} />
          <AppearOfflineSwitch className="border-y border-zinc-200 py-3 dark:border-zinc-800" />
          <StatusForm me={me} />
        </div>
      ) : (
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>
      )}
    </Card>
  );
}
