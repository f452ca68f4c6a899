"use client";
// Who is in a group and what I can do there: each member with their role and presence (as the
// buddy list shows it; nothing for someone not in my contacts); add people; remove (creator
// and admins, never the creator); make or unmake admin (creator); rename (creator and
// admins); leave. What the server refuses is said here.
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { AvailabilityLabel } from "@/components/presence/availability-label";
import { Avatar } from "@/components/presence/avatar";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useGroupClient } from "@/lib/client/react/client-context";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import type { Ack, ProtocolError } from "@/lib/protocol";
import { GROUP_NAME_MAX_LENGTH, type GroupRole, type GroupSummary } from "@/lib/protocol/groups";
import { PeoplePicker } from "./people-picker";

const ROLE_LABEL: Record<GroupRole, string> = { creator: "Creator", admin: "Admin", member: "Member" };

type Props = { group: GroupSummary; me: string; open: boolean; onClose: () => void };

export function GroupMembersPanel({ group, me, open, onClose }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title={`${group.title}: members`} placement="sheet">
      <MembersContent group={group} me={me} onClose={onClose} />
    </Dialog>
  );
}

function MembersContent({ group, me, onClose }: { group: GroupSummary; me: string; onClose: () => void }) {
  const id = useId();
  const router = useRouter();
  const client = useGroupClient();
  const { contacts } = useBuddyList();
  const [error, setError] = useState<ProtocolError | null>(null);
  const [pending, setPending] = useState(false);
  const [adding, setAdding] = useState<string[]>([]);
  const [name, setName] = useState(group.name ?? "");
  const inIt = group.state === "member";
  const manager = inIt && (group.role === "creator" || group.role === "admin");
  const inGroup = useMemo(() => new Set([me, ...group.members.map((member) => member.username)]), [me, group.members]);

  const run = async (send: () => Promise<Ack<GroupSummary | null>>) => {
    setPending(true);
    const ack = await send();
    setPending(false);
    setError(ack.ok ? null : ack.error);
    // Most answers are the group as it is now: this tab shows it at once.
    if (ack.ok && ack.data) client.store.dispatch({ type: "changed", summary: ack.data });
    return ack.ok;
  };

  return (
    <div className="grid gap-5">
      <section aria-labelledby={`${id}-members`} className="grid gap-2">
        <h3 id={`${id}-members`} className="text-sm font-semibold">
          {group.members.length} {group.members.length === 1 ? "member" : "members"}
        </h3>
        <ul className="grid gap-1" data-testid="group-members">
          {group.members.map((member) => {
            const contact = contacts.find((candidate) => candidate.username === member.username);
            const summary = contact ? presenceSummary(contact.presence) : null;
            const self = member.username === me;
            return (
              <li key={member.username} data-testid="group-member" data-username={member.username} className="flex flex-wrap items-center gap-3 py-1">
                <Avatar username={member.username} displayName={member.displayName} tone={summary?.tone} size="sm" />
                <span className="grid min-w-0 flex-1">
                  <span className="truncate text-sm font-medium">
                    {self ? "You" : member.displayName} <span className="font-normal text-zinc-500 dark:text-zinc-400">@{member.username}</span>
                  </span>
                  <span className="flex flex-wrap gap-x-2 text-xs text-zinc-600 dark:text-zinc-400">
                    <span data-testid="member-role">{ROLE_LABEL[member.role]}</span>
                    {member.state === "invited" ? <span>invited, not yet joined</span> : null}
                    {summary ? <AvailabilityLabel summary={summary} /> : null}
                  </span>
                </span>
                <span className="flex basis-full flex-wrap gap-2 pl-11 empty:hidden sm:basis-auto sm:pl-0">
                {inIt && group.role === "creator" && !self && member.state === "member" ? (
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={pending}
                    aria-label={member.role === "admin" ? `Remove ${member.displayName} as admin` : `Make ${member.displayName} admin`}
                    onClick={() => void run(() => client.command("set-admin", { groupId: group.id, member: member.username, admin: member.role !== "admin" }))}
                  >
                    {member.role === "admin" ? "Remove as admin" : "Make admin"}
                  </Button>
                ) : null}
                {manager && !self && member.role !== "creator" ? (
                  <ConfirmButton
                    triggerLabel={`Remove ${member.displayName}`}
                    title={`Remove ${member.displayName} from ${group.title}?`}
                    description={`${member.displayName} keeps the messages up to now and gets nothing after. The others see that you removed them.`}
                    confirmLabel="Remove"
                    disabled={pending}
                    onConfirm={() => void run(() => client.command("remove", { groupId: group.id, member: member.username }))}
                    triggerProps={{ variant: "outline", className: "text-busy" }}
                  >
                    Remove
                  </ConfirmButton>
                ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      </section>

      {inIt ? (
      <form
        aria-labelledby={`${id}-add`}
        className="grid gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          if (adding.length === 0) return;
          if (await run(() => client.command("add", { groupId: group.id, members: adding }))) setAdding([]);
        }}
      >
        <h3 id={`${id}-add`} className="text-sm font-semibold">
          Add people
        </h3>
        <PeoplePicker chosen={adding} onChange={setAdding} exclude={inGroup} />
        <Button type="submit" size="sm" disabled={pending || adding.length === 0} className="justify-self-start">
          Add to group
        </Button>
      </form>
      ) : null}

      {manager ? (
        <form
          className="grid gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => client.command("rename", { groupId: group.id, name: name.trim() === "" ? null : name.trim() }));
          }}
        >
          <label htmlFor={`${id}-name`} className="text-sm font-semibold">
            Group name
          </label>
          <div className="flex gap-2">
            <Input id={`${id}-name`} value={name} maxLength={GROUP_NAME_MAX_LENGTH} placeholder="The members’ names" onChange={(event) => setName(event.target.value)} />
            <Button type="submit" size="sm" variant="outline" className="h-9" disabled={pending || name.trim() === (group.name ?? "")}>
              Rename
            </Button>
          </div>
        </form>
      ) : null}

      <FormError error={error} />

      <div className="flex flex-wrap justify-between gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        {inIt ? (
        <ConfirmButton
          title={`Leave ${group.title}?`}
          description="You keep the messages up to now and get nothing after. The others see that you left."
          confirmLabel="Leave group"
          disabled={pending}
          onConfirm={async () => {
            if (await run(() => client.command("leave", { groupId: group.id }))) {
              onClose();
              router.push("/messages");
            }
          }}
          triggerProps={{ variant: "outline", className: "text-busy" }}
        >
          Leave group
        </ConfirmButton>
        ) : <span />}
        <Button variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}
