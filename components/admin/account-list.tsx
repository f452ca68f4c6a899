"use client";
// The instance's accounts, searchable by username: a table on wide screens, one card per
// account on narrower ones (only one is displayed, so assistive technology meets each once).
import { useCallback, useState } from "react";
import { dayDate, LocalTime } from "@/components/settings/local-time";
import { Card } from "@/components/ui/card";
import { Field, Label } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { SearchIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { type AccountRow, listAccounts } from "@/lib/client/admin/admin-api";
import { ACCOUNT_STATUS_LABELS } from "@/lib/client/admin/admin-display";
import { useApiResource } from "@/lib/client/react/use-api";
import { useDebounced } from "@/lib/client/react/use-debounced";
import { cn } from "@/lib/utils";
import { AccountActions } from "./account-actions";

/** The server lists at most this many; more means the search should be narrower. */
const SERVER_LIMIT = 200;

const STATUS_STYLE: Record<AccountRow["status"], string> = {
  active: "bg-available/15 text-emerald-800 dark:text-emerald-300",
  suspended: "bg-busy/10 text-red-700 dark:text-red-300",
  deleted: "bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300",
};

function Badge({ className, children }: { className: string; children: React.ReactNode }) {
  return <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap", className)}>{children}</span>;
}

function Username({ account }: { account: AccountRow }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="font-medium">@{account.username}</span>
      {account.isAdmin ? <Badge className="bg-brand/10 text-brand-strong dark:bg-indigo-400/15 dark:text-indigo-300">Admin</Badge> : null}
    </span>
  );
}

const Status = ({ account }: { account: AccountRow }) => (
  <Badge className={STATUS_STYLE[account.status]}>{ACCOUNT_STATUS_LABELS[account.status]}</Badge>
);

function resultsText(count: number, query: string): string {
  if (count === 0) return query ? `No account name contains “${query}”.` : "No accounts.";
  const some = count === 1 ? "1 account" : `${count} accounts`;
  const capped = count >= SERVER_LIMIT ? ` (the first ${SERVER_LIMIT}: narrow the search to see others)` : "";
  return query ? `${some} with “${query}” in the name${capped}.` : `${some}${capped}.`;
}

type Props = { me: string; initial: AccountRow[]; onChanged: () => void };

export function AccountList({ me, initial, onChanged }: Props) {
  const [typed, setTyped] = useState("");
  const query = useDebounced(typed.trim().toLowerCase(), 250);
  const load = useCallback(() => listAccounts(query), [query]);
  const accounts = useApiResource(load, { accounts: initial });
  const [said, setSaid] = useState("");
  const rows = accounts.data.accounts;
  const done = (text: string) => {
    setSaid(text);
    accounts.reload();
    onChanged();
  };
  const head = "px-3 py-2 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400";
  const cell = "px-3 py-2.5 align-middle";

  return (
    <Card aria-labelledby="accounts-title">
      <h2 id="accounts-title" className="text-base font-semibold">
        Accounts
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        A suspended account is signed out everywhere at once and cannot sign in until you lift the suspension.
      </p>
      <form role="search" aria-label="Accounts" className="mt-4 max-w-sm" onSubmit={(event) => event.preventDefault()}>
        <Field>
          <Label>Search by username</Label>
          <div className="relative">
            <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
            <Input type="search" value={typed} onChange={(event) => setTyped(event.target.value)} className="pl-8" autoComplete="off" spellCheck={false} />
          </div>
        </Field>
      </form>
      <p role="status" className="mt-3 text-sm text-zinc-600 dark:text-zinc-300">
        {accounts.loading ? "" : resultsText(rows.length, query)}
      </p>
      <p role="status" className="mt-1 text-sm font-medium text-emerald-700 empty:hidden dark:text-emerald-400">
        {said}
      </p>
      <FormError error={accounts.error} className="mt-3" />
      {rows.length > 0 ? (
        <div className={cn("mt-2", accounts.loading && "opacity-60")}>
          <table className="hidden w-full text-sm md:table" aria-label="Accounts">
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th scope="col" className={head}>Username</th>
                <th scope="col" className={head}>Display name</th>
                <th scope="col" className={head}>Created</th>
                <th scope="col" className={head}>Status</th>
                <th scope="col" className={head}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
              {rows.map((account) => (
                <tr key={account.username} data-testid="account" data-username={account.username}>
                  <th scope="row" className={`${cell} text-left font-normal`}>
                    <Username account={account} />
                  </th>
                  <td className={`${cell} max-w-48 truncate`}>{account.displayName}</td>
                  <td className={`${cell} whitespace-nowrap`}><LocalTime iso={account.createdAt} format={dayDate} /></td>
                  <td className={cell}>
                    <Status account={account} />
                  </td>
                  <td className={cell}>
                    {/* Aligned by flex, not text-align, which the confirmation dialog inside would inherit. */}
                    <div className="flex justify-end">
                      <AccountActions account={account} me={me} onDone={done} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="grid gap-3 md:hidden" aria-label="Accounts">
            {rows.map((account) => (
              <li
                key={account.username}
                data-testid="account"
                data-username={account.username}
                className="grid gap-2 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800"
              >
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Username account={account} />
                  <Status account={account} />
                </div>
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                  <dt className="text-zinc-500 dark:text-zinc-400">Display name</dt>
                  <dd className="min-w-0 truncate">{account.displayName}</dd>
                  <dt className="text-zinc-500 dark:text-zinc-400">Created</dt>
                  <dd><LocalTime iso={account.createdAt} format={dayDate} /></dd>
                </dl>
                <AccountActions account={account} me={me} onDone={done} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
