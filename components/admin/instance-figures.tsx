"use client";
// The instance at a glance: accounts, devices connected now, messages per day. Fetched when
// the page opens and again on request (figures change slowly; no polling).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { type Figures, getFigures } from "@/lib/client/admin/admin-api";
import { useApiResource } from "@/lib/client/react/use-api";
import { MessagesChart } from "./messages-chart";

function Figure({ label, value, hint, testId }: { label: string; value: number; hint: string; testId: string }) {
  return (
    <div className="flex min-w-0 flex-col rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      {/* At the bottom, so the numbers line up when a label wraps. */}
      <dd className="mt-auto pt-1 text-xl font-semibold tabular-nums sm:text-2xl" data-testid={testId}>
        {value}
      </dd>
      {/* Three figures share a phone's width: there the hint is for screen readers only. */}
      <dd className="text-xs text-zinc-500 max-sm:sr-only dark:text-zinc-400">{hint}</dd>
    </div>
  );
}

export function InstanceFigures({ initial }: { initial: Figures }) {
  const figures = useApiResource(getFigures, initial);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const data = figures.data;
  const messages = data.messagesPerDay.reduce((sum, day) => sum + day.count, 0);

  return (
    <Card aria-labelledby="figures-title" aria-busy={figures.loading}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="figures-title" className="text-base font-semibold">
          Instance figures
        </h2>
        <Button
          variant="outline"
          size="sm"
          onClick={() => {
            figures.reload();
            setUpdatedAt(new Date().toLocaleTimeString());
          }}
        >
          {figures.loading ? "Refreshing…" : "Refresh"}
        </Button>
      </div>
      <p role="status" className="mt-1 text-xs text-zinc-500 empty:hidden dark:text-zinc-400">
        {updatedAt && !figures.loading ? `Refreshed at ${updatedAt}.` : ""}
      </p>
      <dl className="mt-4 grid grid-cols-3 gap-2 sm:gap-3">
        <Figure label="Accounts" value={data.accounts} hint="not counting deleted ones" testId="figure-accounts" />
        <Figure label="Connected now" value={data.connectedClients} hint="browser tabs and API clients" testId="figure-connected" />
        <Figure label="Messages" value={messages} hint={`in the last ${data.messagesPerDay.length} days`} testId="figure-messages" />
      </dl>
      <div className="mt-5">
        <MessagesChart days={data.messagesPerDay} />
      </div>
      <FormError error={figures.error} className="mt-3" />
    </Card>
  );
}
