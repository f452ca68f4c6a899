"use client";
// Choosing people from my contacts (a checkbox each, filtered as I type), with their presence;
// also anyone by username. Used to start a group and to add people to one.
import { useId, useState } from "react";
import { Avatar } from "@/components/presence/avatar";
import { Input } from "@/components/ui/input";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { parseInboxAddress } from "@/lib/client/im/inbox-address";

type Props = {
  chosen: string[];
  onChange: (chosen: string[]) => void;
  /** Who may not be chosen (me, members already in the group). */
  exclude: ReadonlySet<string>;
};

export function PeoplePicker({ chosen, onChange, exclude }: Props) {
  const id = useId();
  const { contacts } = useBuddyList();
  const [filter, setFilter] = useState("");
  const [other, setOther] = useState("");
  const [otherError, setOtherError] = useState<string | null>(null);
  const needle = filter.trim().toLowerCase();
  const shown = contacts.filter(
    (contact) =>
      !exclude.has(contact.username) &&
      (needle === "" || contact.username.includes(needle) || contact.presence.displayName.toLowerCase().includes(needle)),
  );
  const toggle = (username: string, on: boolean) =>
    onChange(on ? [...chosen.filter((name) => name !== username), username] : chosen.filter((name) => name !== username));
  const extra = chosen.filter((name) => !contacts.some((contact) => contact.username === name));

  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">People</legend>
      <label htmlFor={`${id}-filter`} className="sr-only">
        Filter contacts
      </label>
      <Input id={`${id}-filter`} placeholder="Filter contacts" value={filter} onChange={(event) => setFilter(event.target.value)} />
      <ul className="grid max-h-56 gap-0.5 overflow-y-auto" data-testid="people-picker">
        {shown.length === 0 ? <li className="px-1 text-sm text-zinc-500 dark:text-zinc-400">No contacts to choose.</li> : null}
        {shown.map((contact) => (
          <li key={contact.username}>
            <label className="flex cursor-pointer items-center gap-3 rounded-md px-1 py-1 hover:bg-zinc-100 dark:hover:bg-zinc-800">
              <input
                type="checkbox"
                className="size-4 accent-brand"
                checked={chosen.includes(contact.username)}
                onChange={(event) => toggle(contact.username, event.target.checked)}
                data-username={contact.username}
              />
              <Avatar username={contact.username} displayName={contact.presence.displayName} tone={presenceSummary(contact.presence).tone} size="sm" />
              <span className="min-w-0 truncate text-sm">
                {contact.presence.displayName} <span className="text-zinc-500 dark:text-zinc-400">@{contact.username}</span>
              </span>
            </label>
          </li>
        ))}
        {extra.map((username) => (
          <li key={username}>
            <label className="flex cursor-pointer items-center gap-3 rounded-md px-1 py-1">
              <input type="checkbox" className="size-4 accent-brand" checked onChange={() => toggle(username, false)} />
              <span className="text-sm">@{username}</span>
            </label>
          </li>
        ))}
      </ul>
      <div className="flex items-end gap-2">
        <div className="grid flex-1 gap-1">
          <label htmlFor={`${id}-other`} className="text-xs text-zinc-600 dark:text-zinc-300">
            Someone else, by username
          </label>
          <Input
            id={`${id}-other`}
            value={other}
            aria-invalid={otherError ? true : undefined}
            aria-describedby={otherError ? `${id}-other-error` : undefined}
            onChange={(event) => {
              setOther(event.target.value);
              setOtherError(null);
            }}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              event.preventDefault();
              event.currentTarget.form?.querySelector<HTMLButtonElement>("[data-add-other]")?.click();
            }}
          />
        </div>
        <button
          type="button"
          data-add-other
          className="h-9 rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          onClick={() => {
            const parsed = parseInboxAddress(other);
            if (!parsed.ok) return setOtherError(parsed.message);
            if (exclude.has(parsed.username)) return setOtherError("Already in the group (or that is you).");
            toggle(parsed.username, true);
            setOther("");
          }}
        >
          Add
        </button>
      </div>
      {otherError ? (
        <p id={`${id}-other-error`} role="alert" className="text-xs font-medium text-busy">
          {otherError}
        </p>
      ) : null}
      <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {chosen.length === 0 ? "Nobody chosen yet." : `${chosen.length} chosen.`}
      </p>
    </fieldset>
  );
}
