import { Card } from "@/components/ui/card";
import { cn } from "@/lib/utils";
import { AppearOfflineSwitch } from "./appear-offline-switch";

/** Invisible mode on the privacy page, with what it does and does not do. */
export function AppearOfflineCard({ className }: { className?: string }) {
  return (
    <Card aria-labelledby="appear-offline-title" className={cn("grid gap-3 p-5", className)}>
      <h2 id="appear-offline-title" className="text-base font-semibold">
        Appear offline
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        One switch to look offline to everyone, whatever your rules say; people you block stay blocked. You still see your
        contacts’ status and can chat. Turn it off and your rules apply again.
      </p>
      <AppearOfflineSwitch />
    </Card>
  );
}
