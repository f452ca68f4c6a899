"use client";
// "Appear offline" (invisible mode) in one click: polite-blocks everyone until turned off,
// while I still see my contacts and can chat. Lives in My status and on the privacy page.
import { FormError } from "@/components/ui/form-error";
import { EyeOffIcon } from "@/components/ui/icons";
import { Switch } from "@/components/ui/switch";
import { usePrivacy } from "@/lib/client/react/use-privacy";
import { usePrivacyCommand } from "@/lib/client/react/use-privacy-command";
import { cn } from "@/lib/utils";

/** Shown under the switch while everyone else sees me offline. */
function AppearingOfflineBadge() {
  return (
    <p
      data-testid="appearing-offline"
      className="inline-flex w-fit items-center gap-1.5 rounded-full bg-zinc-800 px-2.5 py-1 text-xs font-medium text-white dark:bg-zinc-200 dark:text-zinc-900"
    >
      <EyeOffIcon className="size-3.5" />
      Appearing offline to everyone
    </p>
  );
}

export function AppearOfflineSwitch({ className }: { className?: string }) {
  const { settings } = usePrivacy();
  const setInvisible = usePrivacyCommand("privacy:set-invisible");
  const on = settings?.invisible ?? false;
  return (
    <div className={cn("grid gap-2", className)}>
      <Switch
        label="Appear offline"
        hint={
          on
            ? "Everyone sees you offline. You still see your contacts and can chat."
            : "Look offline to everyone, while you still see your contacts and can chat."
        }
        checked={on}
        disabled={!settings || setInvisible.pending}
        onChange={(invisible) => void setInvisible.run({ invisible })}
      />
      {on ? <AppearingOfflineBadge /> : null}
      <FormError error={setInvisible.error} />
    </div>
  );
}
