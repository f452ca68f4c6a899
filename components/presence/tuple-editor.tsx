"use client";
// Editing my user tuples: add, edit, reorder and remove, then save the whole ordered list at
// once. Field problems from the server come back by path (`tuples.0.address`) and show at
// that field.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Label, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { moveItem } from "@/lib/client/buddy-list/reorder";
import { issueAt } from "@/lib/client/connection/commands";
import { useCommand } from "@/lib/client/react/use-command";
import {
  ADDRESS_PLACEHOLDERS,
  draftsFromView,
  MEANS_LABELS,
  newDraft,
  type TupleDraft,
  tuplesPayload,
} from "@/lib/client/presence/user-tuples";
import { type BasicStatus, MAX_USER_TUPLES, type PresenceView, TUPLE_MEANS, type TupleMeans } from "@/lib/protocol";

const PLACED = /^tuples\.\d+\.(means|address|label|status)$/;

type RowProps = {
  draft: TupleDraft;
  index: number;
  count: number;
  errors: { address?: string; label?: string };
  onChange: (patch: Partial<TupleDraft>) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
};

function TupleRow({ draft, index, count, errors, onChange, onMove, onRemove }: RowProps) {
  const name = `address ${index + 1}`;
  return (
    <li>
      <fieldset className="grid gap-3 rounded-lg border border-zinc-200 p-3 sm:grid-cols-[9rem_minmax(0,1fr)_10rem] dark:border-zinc-800">
        <legend className="sr-only">{`Address ${index + 1}`}</legend>
        <Field className="self-start">
          <Label>Kind</Label>
          <Select value={draft.means} onChange={(event) => onChange({ means: event.target.value as TupleMeans })}>
            {TUPLE_MEANS.map((means) => (
              <option key={means} value={means}>
                {MEANS_LABELS[means]}
              </option>
            ))}
          </Select>
        </Field>
        <TextField
          label="Address"
          value={draft.address}
          placeholder={ADDRESS_PLACEHOLDERS[draft.means]}
          onChange={(event) => onChange({ address: event.target.value })}
          error={errors.address}
          className="self-start"
        />
        <Field className="self-start">
          <Label>Status</Label>
          <Select value={draft.status} onChange={(event) => onChange({ status: event.target.value as BasicStatus })}>
            <option value="open">Open</option>
            <option value="closed">Closed</option>
          </Select>
        </Field>
        <TextField
          label="Label (optional)"
          value={draft.label}
          placeholder="e.g. Work"
          onChange={(event) => onChange({ label: event.target.value })}
          error={errors.label}
          className="sm:col-span-2"
        />
        <div className="flex items-end justify-end gap-1">
          <Button size="icon" variant="ghost" aria-label={`Move ${name} up`} disabled={index === 0} onClick={() => onMove(-1)}>
            <ArrowUpIcon />
          </Button>
          <Button size="icon" variant="ghost" aria-label={`Move ${name} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
            <ArrowDownIcon />
          </Button>
          <Button size="icon" variant="ghost" aria-label={`Remove ${name}`} onClick={onRemove}>
            <TrashIcon />
          </Button>
        </div>
      </fieldset>
    </li>
  );
}

export function TupleEditor({ me, onDone }: { me: PresenceView; onDone: () => void }) {
  const save = useCommand("presence:set-tuples");
  const [drafts, setDrafts] = useState(() => draftsFromView(me));

  // Error paths name positions, so any edit makes the old ones stale.
  const edit = (next: TupleDraft[]) => {
    setDrafts(next);
    save.reset();
  };

  return (
    <form
      noValidate
      className="grid gap-3"
      aria-label="Edit how to reach me"
      onSubmit={async (event) => {
        event.preventDefault();
        if ((await save.run({ tuples: tuplesPayload(drafts) })).ok) onDone();
      }}
    >
      {drafts.length > 0 ? (
        <ol className="grid gap-3">
          {drafts.map((draft, index) => (
            <TupleRow
              key={draft.key}
              draft={draft}
              index={index}
              count={drafts.length}
              errors={{
                address: issueAt(save.error, `tuples.${index}.address`),
                label: issueAt(save.error, `tuples.${index}.label`),
              }}
              onChange={(patch) => edit(drafts.with(index, { ...draft, ...patch }))}
              onMove={(delta) => edit(moveItem(drafts, index, delta))}
              onRemove={() => edit(drafts.filter((_, position) => position !== index))}
            />
          ))}
        </ol>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">No addresses. Add one, or save to remove them all.</p>
      )}
      <FormError error={save.error} placed={(path) => PLACED.test(path)} />
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" disabled={drafts.length >= MAX_USER_TUPLES} onClick={() => edit([...drafts, newDraft()])}>
          <PlusIcon />
          Add an address
        </Button>
        <span className="flex-1" />
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" disabled={save.pending}>
          Save addresses
        </Button>
      </div>
    </form>
  );
}
