"use client";
// "My status": what my watchers see of me now, and the controls to change it. On a wide screen
// a card; on a phone a compact chip at the top that opens the same controls in a sheet
// ("Set a status" in Slack and Google Chat), so the buddy list comes first.
import { useState } from "react";
import { AppearOfflineSwitch } from "@/components/privacy/appear-offline-switch";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { cn } from "@/lib/utils";
import { CurrentStatus } from "./current-status";
import { StatusChip } from "./status-chip";
import { StatusForm } from "./status-form";

export function MyStatus({ className }: { className?: string }) {
  const { me } = useBuddyList();
  const [sheetOpen, setSheetOpen] = useState(false);
  return (
    <>
      {me ? <StatusChip me={me} className={cn("sm:hidden", className)} onOpen={() => setSheetOpen(true)} /> : null}
      <Card aria-labelledby="my-status-title" className={cn("p-5 max-sm:hidden", className)}>
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
      {me ? (
        <Dialog open={sheetOpen} onClose={() => setSheetOpen(false)} title="Set a status" placement="sheet">
          <AppearOfflineSwitch className="border-b border-zinc-200 pb-3 dark:border-zinc-800" />
          <StatusForm me={me} onSet={() => setSheetOpen(false)} />
        </Dialog>
      ) : null}
    </>
  );
}
