"use client";
// "Export my data": fetched here rather than by a plain link, so the page can say that the
// file is being prepared (when that takes more than a moment) and say so when it fails.
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { downloadExport } from "@/lib/client/account/account-api";
import { saveFile } from "@/lib/client/account/save-file";
import { useApiAction } from "@/lib/client/react/use-api";

/** Quick exports show no progress at all: a flash of "preparing" would only distract. */
const PROGRESS_DELAY_MS = 300;

/** Whether `pending` has lasted longer than the delay. */
function useSlow(pending: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => setSlow(true), PROGRESS_DELAY_MS);
    return () => {
      clearTimeout(timer);
      setSlow(false);
    };
  }, [pending]);
  return pending && slow;
}

export function ExportData() {
  const download = useApiAction(downloadExport);
  const slow = useSlow(download.pending);
  const [saved, setSaved] = useState("");

  return (
    <Card aria-labelledby="export-title">
      <h2 id="export-title" className="text-base font-semibold">
        Export my data
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        One JSON file with your profile, status, groups, contacts and watchers, your privacy rules, the names of your
        tokens, and the messages in your inbox with their states.
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <Button
          variant="outline"
          disabled={download.pending}
          aria-describedby="export-status"
          onClick={async () => {
            setSaved("");
            const ack = await download.run();
            if (!ack.ok) return;
            saveFile(ack.data.blob, ack.data.filename);
            setSaved(`Downloaded ${ack.data.filename}.`);
          }}
        >
          Export my data
        </Button>
        <p id="export-status" role="status" className="flex items-center gap-2 text-sm empty:hidden">
          {slow ? (
            <>
              <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-zinc-300 border-t-brand dark:border-zinc-600 dark:border-t-indigo-300" />
              Preparing your export…
            </>
          ) : saved ? (
            <span className="font-medium text-emerald-700 dark:text-emerald-400">{saved}</span>
          ) : null}
        </p>
      </div>
      <FormError error={download.error} className="mt-3" />
    </Card>
  );
}
