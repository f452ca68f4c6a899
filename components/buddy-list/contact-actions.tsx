"use client";
// What I can do with a contact: choose its groups (a contact can be in several) or remove it.
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { TrashIcon } from "@/components/ui/icons";
import { useCommand } from "@/lib/client/react/use-command";
import type { Contact, ContactGroup } from "@/lib/protocol";

type Props = { contact: Contact; groups: ContactGroup[]; onChooseGroups: (username: string) => void };

export function ContactActions({ contact, groups, onChooseGroups }: Props) {
  const remove = useCommand("subscription:remove");
  const name = contact.presence.displayName;
  const names = groups.filter((group) => contact.groupIds.includes(group.id)).map((group) => group.name);

  return (
    <div className="grid gap-3">
      <p className="text-sm">
        <span className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Groups: </span>
        {names.length > 0 ? names.join(", ") : <span className="text-zinc-500 dark:text-zinc-400">none</span>}
      </p>
      <div className="flex flex-wrap gap-2">
        {groups.length > 0 ? (
          <Button variant="outline" size="sm" onClick={() => onChooseGroups(contact.username)}>
            Choose groups…
          </Button>
        ) : null}
        <ConfirmButton
          title={`Remove ${name}?`}
          description={`You stop seeing ${name}'s status, and they stop seeing yours. You can add them again later.`}
          confirmLabel="Remove"
          disabled={remove.pending}
          onConfirm={() => void remove.run({ username: contact.username })}
          triggerProps={{ variant: "outline", className: "text-busy" }}
        >
          <TrashIcon />
          Remove contact
        </ConfirmButton>
      </div>
      {groups.length === 0 ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Create a group under “Manage groups” to sort your contacts.</p>
      ) : null}
      <FormError error={remove.error} />
    </div>
  );
}
