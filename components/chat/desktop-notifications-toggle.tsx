"use client";
// Desktop notifications for new messages, opt-in: the browser asks for permission only after
// this button is clicked.
import { Button } from "@/components/ui/button";
import { BellIcon } from "@/components/ui/icons";
import { useDesktopNotifications } from "@/lib/client/react/use-desktop-notifications";
import { cn } from "@/lib/utils";

export function DesktopNotificationsToggle({ className }: { className?: string }) {
  const { state, enable, disable } = useDesktopNotifications();
  if (state === "unsupported") return null;
  return (
    <div className={cn("grid gap-1.5 text-xs text-zinc-500 dark:text-zinc-400", className)} data-testid="desktop-notifications">
      {state === "off" ? (
        <Button variant="outline" size="sm" onClick={() => void enable()}>
          <BellIcon />
          Enable desktop notifications
        </Button>
      ) : null}
      {state === "on" ? (
        <p className="flex flex-wrap items-center gap-2">
          <BellIcon />
          Desktop notifications are on while this page is in the background.
          <Button variant="link" size="sm" className="h-auto px-0" onClick={disable}>
            Turn off
          </Button>
        </p>
      ) : null}
      {state === "denied" ? <p>Desktop notifications are blocked in your browser’s site settings.</p> : null}
    </div>
  );
}
