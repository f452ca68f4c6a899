"use client";
// The operator's page: figures, invitations, accounts and the audit log, first as the server
// rendered them, then fetched again as they change. Actions in one section reload the audit
// log, which records each of them.
import { type AccountRow, type AuditEntry, type Figures, getAuditLog, type InviteSummary } from "@/lib/client/admin/admin-api";
import { useApiResource } from "@/lib/client/react/use-api";
import { AccountList } from "./account-list";
import { AuditLog } from "./audit-log";
import { InstanceFigures } from "./instance-figures";
import { Invitations } from "./invitations";

export type AdminSnapshot = { figures: Figures; invites: InviteSummary[]; accounts: AccountRow[]; audit: AuditEntry[] };

export function AdminArea({ me, initial }: { me: string; initial: AdminSnapshot }) {
  const audit = useApiResource(getAuditLog, { entries: initial.audit });
  return (
    <>
      <InstanceFigures initial={initial.figures} />
      <Invitations initial={initial.invites} onChanged={audit.reload} />
      <AccountList me={me} initial={initial.accounts} onChanged={audit.reload} />
      <AuditLog entries={audit.data.entries} loading={audit.loading} error={audit.error} onRefresh={audit.reload} />
    </>
  );
}
