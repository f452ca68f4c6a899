"use client";
// The PRESENCE USER AGENT's status controls: availability, a note (an emoji in front if they
// like), and when it clears itself; presets and recent statuses set it in one tap.
// The fields follow my status as other tabs, devices and expiry change it, except while the
// person edits them: then a change is shown, never silently replaced (lib/client/presence/status-draft.ts).
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Label, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { issueAt } from "@/lib/client/connection/commands";
import { loadRecentStatuses, rememberStatus, saveRecentStatuses } from "@/lib/client/presence/recent-statuses";
import { draftFrom, editDraft, followMe, type StatusValues, stopEditing } from "@/lib/client/presence/status-draft";
import { useCommand } from "@/lib/client/react/use-command";
import { useHydrated } from "@/lib/client/react/use-hydrated";
import { useNow } from "@/lib/client/react/use-now";
import {
  EXPIRY_CHOICES,
  EXPIRY_LABELS,
  type ExpiryChoice,
  expiryTime,
  toDateTimeLocal,
} from "@/lib/client/presence/status-expiry";
import { splitNote, type StatusChoice, withEmoji } from "@/lib/client/presence/status-presets";
import { AVAILABILITIES, type Availability, NOTE_MAX_LENGTH, type PresenceView } from "@/lib/protocol";
import { EmojiPicker } from "./emoji-picker";
import { StatusChoices } from "./status-choices";

const AVAILABILITY_LABELS: Record<Availability, string> = { available: "Available", away: "Away", busy: "Busy" };
const PLACED = new Set(["availability", "note", "expiresAt"]);

/** The last five statuses set, per account, in this browser's localStorage (read after hydration). */
function useRecentStatuses(username: string) {
  const hydrated = useHydrated();
  // What this form last saved; until then, what storage holds (another tab may have added some).
  const [saved, setSaved] = useState<StatusChoice[] | null>(null);
  const recent = saved ?? (hydrated ? loadRecentStatuses(localStorage, username) : []);
  const remember = (choice: StatusChoice) => {
    const next = rememberStatus(loadRecentStatuses(localStorage, username), choice);
    saveRecentStatuses(localStorage, username, next);
    setSaved(next);
  };
  return { recent, remember };
}

/** `onSet` hears every status this form sets (the phone's sheet closes then). */
export function StatusForm({ me, onSet }: { me: PresenceView; onSet?: () => void }) {
  const setStatus = useCommand("presence:set-status");
  const clearStatus = useCommand("presence:clear-status");
  const [stored, setDraft] = useState(() => draftFrom(me));
  // Following `me` during render (not in an effect) so a stale status is never painted.
  const draft = followMe(stored, me);
  if (draft !== stored) setDraft(draft);
  const { availability, note } = draft.values;
  const edit = (patch?: Partial<StatusValues>) => setDraft((current) => editDraft(current, patch));
  const [expiry, setExpiry] = useState<ExpiryChoice>("none");
  const [until, setUntil] = useState("");
  const [expiryError, setExpiryError] = useState<string>();
  const untilId = useId();
  const now = useNow();
  const { recent, remember } = useRecentStatuses(me.username);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const expires = expiryTime(expiry, new Date(), until);
    setExpiryError(expires.ok ? undefined : expires.message);
    if (!expires.ok) return;
    const ack = await setStatus.run({ availability, note: note.trim() || null, expiresAt: expires.expiresAt });
    if (!ack.ok) return;
    remember({ availability, note, expiry });
    onSet?.();
  };

  const choose = async (choice: StatusChoice) => {
    const expires = expiryTime(choice.expiry, new Date());
    if (!expires.ok) return;
    // A preset is the person's choice whatever the fields say: the status that comes back is followed.
    setDraft(stopEditing);
    const ack = await setStatus.run({ availability: choice.availability, note: choice.note, expiresAt: expires.expiresAt });
    if (!ack.ok) return;
    setExpiry(choice.expiry);
    remember(choice);
    onSet?.();
  };

  const clear = async () => {
    // Clearing is the person's choice: the cleared status that comes back is followed.
    setDraft(stopEditing);
    const ack = await clearStatus.run({});
    if (ack.ok) setExpiry("none");
  };

  const { status } = me;
  const nothingToClear = status.availability !== "away" && status.availability !== "busy" && !status.note && !status.expiresAt;
  const error = setStatus.error ?? clearStatus.error;
  const expiresAtError = expiryError ?? issueAt(error, "expiresAt");

  return (
    <form onSubmit={submit} noValidate className="grid gap-3" aria-label="Set my status">
      <StatusChoices recent={recent} disabled={setStatus.pending} onChoose={(choice) => void choose(choice)} />
      <Field>
        <Label>Availability</Label>
        <Select value={availability} onChange={(event) => edit({ availability: event.target.value as Availability })}>
          {AVAILABILITIES.map((value) => (
            <option key={value} value={value}>
              {AVAILABILITY_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>
      <TextField
        label="Note"
        placeholder="What are you up to?"
        value={note}
        maxLength={NOTE_MAX_LENGTH}
        onChange={(event) => edit({ note: event.target.value })}
        error={issueAt(error, "note")}
        hint={`${note.length}/${NOTE_MAX_LENGTH}`}
      />
      <EmojiPicker value={splitNote(note).emoji} onChange={(emoji) => edit({ note: withEmoji(note, emoji) })} />
      <Field>
        <Label>Clear it</Label>
        <Select
          value={expiry}
          onChange={(event) => {
            setExpiry(event.target.value as ExpiryChoice);
            edit();
          }}
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {EXPIRY_LABELS[choice]}
            </option>
          ))}
        </Select>
      </Field>
      {expiry === "custom" ? (
        <Field id={untilId}>
          <Label>Clear at</Label>
          <Input
            type="datetime-local"
            value={until}
            min={toDateTimeLocal(new Date(now))}
            onChange={(event) => {
              setUntil(event.target.value);
              edit();
            }}
            aria-invalid={expiresAtError ? true : undefined}
            aria-describedby={expiresAtError ? `${untilId}-error` : undefined}
          />
        </Field>
      ) : null}
      {expiresAtError ? (
        <p id={`${untilId}-error`} role="alert" className="text-xs font-medium text-busy">
          {expiresAtError}
        </p>
      ) : null}
      <FormError error={error} placed={(path) => PLACED.has(path)} />
      {draft.changed ? (
        <div role="status" data-testid="status-changed" className="grid gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm dark:bg-amber-400/10">
          <p>
            Your status changed while you were editing: now <strong>{AVAILABILITY_LABELS[draft.changed.availability]}</strong>
            {draft.changed.note.trim() ? <> — “{draft.changed.note.trim()}”</> : ", no note"}.
          </p>
          <div>
            <Button size="sm" variant="outline" onClick={() => setDraft(draftFrom(me))}>
              Use the new status
            </Button>
          </div>
        </div>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={setStatus.pending}>
          {draft.changed ? "Set mine instead" : "Set status"}
        </Button>
        <Button variant="outline" disabled={clearStatus.pending || nothingToClear} onClick={() => void clear()}>
          Clear status
        </Button>
      </div>
    </form>
  );
}
