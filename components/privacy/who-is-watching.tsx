"use client";
// "Who's watching me": WATCHER INFORMATION, live. Everyone who looked me up, checked my
// status automatically or asked to follow it within the retention window; those who hide
// their watching as one counted line; and, when I hide mine, counts instead of names.
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { EyeOffIcon } from "@/components/ui/icons";
import { formatTimeAgo } from "@/lib/client/format/relative-time";
import { hiddenWatchersLine, noticeLine } from "@/lib/client/privacy/watcher-display";
import { useNow } from "@/lib/client/react/use-now";
import { usePrivacy, useWatcherInformation } from "@/lib/client/react/use-privacy";
import type { AccessRuleAction, PrivacySettings } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { RetentionForm } from "./retention-form";
import { WatchChart } from "./watch-chart";
import { WatcherTable } from "./watcher-table";

/** The action of my first rule about each person by name (the one that applies to them). */
function rulesByPerson(settings: PrivacySettings | null): (username: string) => AccessRuleAction | undefined {
  const byName = new Map<string, AccessRuleAction>();
  for (const rule of settings?.rules ?? []) {
    if (rule.subject.type === "user" && !byName.has(rule.subject.username)) byName.set(rule.subject.username, rule.action);
  }
  return (username) => byName.get(username);
}

function LatestWatch({ namesWithheld }: { namesWithheld: boolean }) {
  const { latestWatch } = usePrivacy();
  const now = useNow();
  // A name heard before I hid my own watching is withheld now, like the list's.
  const notice = latestWatch && namesWithheld ? { ...latestWatch, username: null, displayName: null } : latestWatch;
  return (
    <p role="status" aria-live="polite" className="min-h-5 text-sm text-zinc-600 dark:text-zinc-400" data-testid="latest-watch">
      {notice ? (
        <>
          <span className="font-medium text-zinc-900 dark:text-zinc-100">Latest:</span> {noticeLine(notice)},{" "}
          {formatTimeAgo(notice.at, now)}.
        </>
      ) : null}
    </p>
  );
}

export function WhoIsWatching({ className }: { className?: string }) {
  const { settings, watchers, watchersError } = useWatcherInformation();
  const hiddenLine = watchers ? hiddenWatchersLine(watchers.hidden) : null;
  const nobody = watchers !== null && watchers.rows.length === 0 && hiddenLine === null;

  return (
    <Card aria-labelledby="watchers-title" className={cn("grid gap-4", className)}>
      <div>
        <h2 id="watchers-title" className="text-lg font-semibold">
          Who’s watching me
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Everyone who looked you up, checked your status automatically or asked to follow it
          {watchers ? ` in the last ${watchers.retentionDays} ${watchers.retentionDays === 1 ? "day" : "days"}` : ""}. It
          updates as it happens.
        </p>
      </div>
      <LatestWatch namesWithheld={watchers?.namesWithheld ?? false} />
      {watchers?.namesWithheld ? (
        <p className="flex gap-2 rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200" data-testid="names-withheld">
          <EyeOffIcon className="mt-0.5" />
          <span>
            Because you hide your own watching, you see counts, not names. Show your watching again under “My visibility as a
            watcher” to see who they are.
          </span>
        </p>
      ) : null}
      <FormError error={watchersError} />
      {watchers === null ? (
        watchersError ? null : <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>
      ) : (
        <>
          <WatchChart daily={watchers.daily} />
          {nobody ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="no-watchers">
              Nobody has looked at your status in this time.
            </p>
          ) : (
            <WatcherTable rows={watchers.rows} ruleFor={rulesByPerson(settings)} />
          )}
          {hiddenLine ? (
            <p className="flex gap-2 text-sm" data-testid="hidden-watchers">
              <EyeOffIcon className="mt-0.5 text-zinc-500" />
              <span>
                {hiddenLine}. You can give people who hide their watching a rule of their own under “Who can see me”.
              </span>
            </p>
          ) : null}
        </>
      )}
      {settings ? (
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <RetentionForm days={settings.watcherRetentionDays} />
        </div>
      ) : null}
    </Card>
  );
}
