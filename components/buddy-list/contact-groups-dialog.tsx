"use client";
// Choosing a contact's groups (it can be in several). Lives at the list's level, not in the
// contact's row: saving moves the row to other sections, and the dialog must stay put.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog } from "@/components/ui/dialog";
import { Label } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { useCommand } from "@/lib/client/react/use-command";
import type { Contact, ContactGroup } from "@/lib/protocol";

function GroupChoices({ contact, groups, onDone }: { contact: Contact; groups: ContactGroup[]; onDone: () => void }) {
  const save = useCommand("contact:set-groups");
  const [chosen, setChosen] = useState(() => new Set(contact.groupIds));
  const toggle = (groupId: string, checked: boolean) => {
    const next = new Set(chosen);
    if (checked) next.add(groupId);
    else next.delete(groupId);
    setChosen(next);
  };
  return (
    <form
      className="grid gap-4"
      onSubmit={async (event) => {
        event.preventDefault();
        const groupIds = groups.map((group) => group.id).filter((id) => chosen.has(id));
        if ((await save.run({ username: contact.username, groupIds })).ok) onDone();
      }}
    >
      <fieldset className="grid gap-2">
        <legend className="sr-only">Groups</legend>
        {groups.map((group) => (
          <Label key={group.id} className="flex items-center gap-2 font-normal">
            <Checkbox
              checked={chosen.has(group.id)}
              onChange={(event) => toggle(group.id, event.target.checked)}
            />
            {group.name}
          </Label>
        ))}
      </fieldset>
      <FormError error={save.error} />
      <div className="flex justify-end gap-2">
        <Button variant="outline" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.pending}>
          Save
        </Button>
      </div>
    </form>
  );
}

export function ContactGroupsDialog({
  contact,
  groups,
  onClose,
}: {
  contact: Contact | null;
  groups: ContactGroup[];
  onClose: () => void;
}) {
  return (
    <Dialog open={contact !== null} onClose={onClose} title={contact ? `Groups for ${contact.presence.displayName}` : ""}>
      {contact ? <GroupChoices key={contact.username} contact={contact} groups={groups} onDone={onClose} /> : null}
    </Dialog>
  );
}
