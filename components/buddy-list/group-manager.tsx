"use client";
// Contact groups: create, rename, reorder and delete. Groups only organise my own list.
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ArrowDownIcon, ArrowUpIcon, ChevronDownIcon, PencilIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Input } from "@/components/ui/input";
import { moveItem } from "@/lib/client/buddy-list/reorder";
import { issueAt } from "@/lib/client/connection/commands";
import { useCommand } from "@/lib/client/react/use-command";
import type { ContactGroup } from "@/lib/protocol";
import { cn } from "@/lib/utils";

function NewGroupForm() {
  const create = useCommand("group:create");
  const [name, setName] = useState("");
  return (
    <form
      noValidate
      className="flex items-start gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        if ((await create.run({ name })).ok) setName("");
      }}
    >
      <TextField
        label="New group"
        placeholder="e.g. Friends"
        value={name}
        onChange={(event) => {
          setName(event.target.value);
          create.reset();
        }}
        error={create.error ? (issueAt(create.error, "name") ?? create.error.message) : undefined}
        className="flex-1"
      />
      <Button type="submit" variant="outline" className="mt-6.5" disabled={create.pending || name.trim() === ""}>
        <PlusIcon />
        Create group
      </Button>
    </form>
  );
}

function RenameForm({ group, onDone }: { group: ContactGroup; onDone: () => void }) {
  const rename = useCommand("group:rename");
  const [name, setName] = useState(group.name);
  const error = rename.error ? (issueAt(rename.error, "name") ?? rename.error.message) : undefined;
  return (
    <form
      noValidate
      className="flex flex-1 flex-wrap items-center gap-2"
      onSubmit={async (event) => {
        event.preventDefault();
        if ((await rename.run({ groupId: group.id, name })).ok) onDone();
      }}
      onKeyDown={(event) => event.key === "Escape" && onDone()}
    >
      <Input
        aria-label={`New name for ${group.name}`}
        value={name}
        autoFocus
        onChange={(event) => setName(event.target.value)}
        aria-invalid={error ? true : undefined}
        className="h-8 min-w-0 flex-1"
      />
      <Button type="submit" size="sm" disabled={rename.pending}>
        Save
      </Button>
      <Button size="sm" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
      {error ? (
        <p role="alert" className="w-full text-xs font-medium text-busy">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function GroupManager({ groups }: { groups: ContactGroup[] }) {
  const [open, setOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const reorder = useCommand("group:reorder");
  const remove = useCommand("group:delete");
  const panelId = useId();

  const move = (index: number, delta: number) =>
    void reorder.run({ groupIds: moveItem(groups, index, delta).map((group) => group.id) });

  return (
    <div className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
      <Button variant="ghost" size="sm" className="-ml-3" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        <ChevronDownIcon className={cn("transition-transform", open && "rotate-180")} />
        Manage groups
      </Button>
      <div id={panelId} hidden={!open} className="mt-3 grid gap-3">
        {open ? (
          <>
            <NewGroupForm />
            {groups.length > 0 ? (
              <ul className="grid gap-1" aria-label="Your groups">
                {groups.map((group, index) => (
                  <li key={group.id} className="flex flex-wrap items-center gap-1 rounded-md px-2 py-1 hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                    {renaming === group.id ? (
                      <RenameForm group={group} onDone={() => setRenaming(null)} />
                    ) : (
                      <>
                        <span className="min-w-0 flex-1 truncate text-sm">{group.name}</span>
                        <Button size="icon" variant="ghost" className="size-8" aria-label={`Rename ${group.name}`} onClick={() => setRenaming(group.id)}>
                          <PencilIcon />
                        </Button>
                        <Button size="icon" variant="ghost" className="size-8" aria-label={`Move ${group.name} up`} disabled={index === 0 || reorder.pending} onClick={() => move(index, -1)}>
                          <ArrowUpIcon />
                        </Button>
                        <Button size="icon" variant="ghost" className="size-8" aria-label={`Move ${group.name} down`} disabled={index === groups.length - 1 || reorder.pending} onClick={() => move(index, 1)}>
                          <ArrowDownIcon />
                        </Button>
                        <ConfirmButton
                          triggerLabel={`Delete ${group.name}`}
                          triggerProps={{ size: "icon", className: "size-8" }}
                          title={`Delete the group “${group.name}”?`}
                          description="The contacts in it stay on your list."
                          confirmLabel="Delete group"
                          onConfirm={() => void remove.run({ groupId: group.id })}
                        >
                          <TrashIcon />
                        </ConfirmButton>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
            <FormError error={reorder.error ?? remove.error} />
          </>
        ) : null}
      </div>
    </div>
  );
}
