"use client";
// Every administrative action, newest first, from the web page or the terminal alike. The
// table scrolls sideways on a phone rather than squeezing its columns.
import { LocalTime } from "@/components/settings/local-time";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import type { AuditEntry } from "@/lib/client/admin/admin-api";
import { auditActionLabel, auditDetails, auditTarget } from "@/lib/client/admin/admin-display";
import type { ProtocolError } from "@/lib/protocol/errors";

type Props = { entries: AuditEntry[]; loading: boolean; error: ProtocolError | null; onRefresh: () => void };

export function AuditLog({ entries, loading, error, onRefresh }: Props) {
  const head = "px-3 py-2 text-left text-xs font-medium whitespace-nowrap text-zinc-500 dark:text-zinc-400";
  const cell = "px-3 py-2 align-top";
  return (
    <Card aria-labelledby="audit-title" aria-busy={loading}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="audit-title" className="text-base font-semibold">
            Audit log
          </h2>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Who did what, here or with <code className="text-xs">npm run admin</code> on the server (shown as “terminal”).
          </p>
        </div>
        <Button variant="outline" size="sm" onClick={onRefresh}>
          {loading ? "Refreshing…" : "Refresh"}
        </Button>
      </div>
      <FormError error={error} className="mt-3" />
      {entries.length === 0 ? (
        <p className="mt-4 text-sm text-zinc-500 dark:text-zinc-400">No administrative actions yet.</p>
      ) : (
        // Focusable, so a keyboard can scroll it when it is wider than the screen.
        <div role="region" aria-label="Audit log entries" tabIndex={0} className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th scope="col" className={head}>Time</th>
                <th scope="col" className={head}>Who</th>
                <th scope="col" className={head}>Action</th>
                <th scope="col" className={head}>Target</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {entries.map((entry, index) => {
                const details = auditDetails(entry.details);
                return (
                  <tr key={`${entry.at}-${index}`} data-testid="audit-entry">
                    <td className={`${cell} whitespace-nowrap`}>
                      <LocalTime iso={entry.at} />
                    </td>
                    <td className={`${cell} whitespace-nowrap`}>{entry.actor}</td>
                    <td className={`${cell} whitespace-nowrap`}>{auditActionLabel(entry.action)}</td>
                    <td className={cell}>
                      <span className="whitespace-nowrap">{auditTarget(entry.action, entry.target)}</span>
                      {details ? <span className="block text-xs text-zinc-500 dark:text-zinc-400">{details}</span> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
