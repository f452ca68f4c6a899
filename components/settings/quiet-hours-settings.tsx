"use client";
// Quiet hours: a weekly schedule, in a time zone (the browser's by default), during which I show
// busy to whom my rules let see availability and get no push notifications. Edited here and
// saved as a whole with `presence:set-quiet-hours`; my status and note are never touched.
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, Label } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { useCommand } from "@/lib/client/react/use-command";
import { MAX_QUIET_RANGES, type QuietHoursSettings as Settings, type QuietRange } from "@/lib/protocol";

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** Monday first, as most calendars show a week. */
const DAY_ORDER = [1, 2, 3, 4, 5, 6, 0];
const WEEKNIGHTS: QuietRange = { days: [1, 2, 3, 4, 5], start: "22:00", end: "07:00" };

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

function zones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return known.includes(current) ? known : [current, ...known];
}

function describe(settings: Settings): string {
  if (!settings.quietHours) return "Off.";
  const at = settings.nextChangeAt
    ? new Date(settings.nextChangeAt).toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" })
    : null;
  if (settings.quiet) return at ? `Quiet now, until ${at}.` : "Quiet now.";
  return at ? `Next quiet hours begin ${at}.` : "No quiet hours in the coming week.";
}

export function QuietHoursSettings() {
  const id = useId();
  const load = useCommand("presence:get-quiet-hours");
  const save = useCommand("presence:set-quiet-hours");
  const [settings, setSettings] = useState<Settings | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [zone, setZone] = useState("UTC");
  const [ranges, setRanges] = useState<QuietRange[]>([WEEKNIGHTS]);
  const [dirty, setDirty] = useState(false);

  const show = (next: Settings) => {
    setSettings(next);
    setEnabled(next.quietHours !== null);
    setZone(next.quietHours?.zone ?? browserZone());
    setRanges(next.quietHours?.ranges.length ? next.quietHours.ranges : [WEEKNIGHTS]);
    setDirty(false);
  };

  const { run: fetchSettings } = load;
  useEffect(() => {
    let current = true;
    void fetchSettings().then((ack) => {
      if (current && ack.ok) show(ack.data);
    });
    return () => {
      current = false;
    };
  }, [fetchSettings]);

  const edit = (change: () => void) => {
    change();
    setDirty(true);
  };
  const editRange = (index: number, patch: Partial<QuietRange>) =>
    edit(() => setRanges((all) => all.map((range, at) => (at === index ? { ...range, ...patch } : range))));
  const toggleDay = (index: number, day: number, on: boolean) => {
    const days = ranges[index]!.days;
    editRange(index, { days: on ? [...days, day].sort() : days.filter((other) => other !== day) });
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const ack = await save.run({ quietHours: enabled ? { zone, ranges } : null });
    if (ack.ok) show(ack.data);
  };

  const busy = !settings || save.pending;
  return (
    <Card aria-labelledby={`${id}-title`} className="grid gap-5">
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold">
          Quiet hours
        </h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          During quiet hours you show as Busy to the people your privacy rules let see your availability, and your devices get no
          push notifications (even with &ldquo;Notify me while busy&rdquo;). A status you set yourself, and your note, stay as they
          are. Messages still arrive in your inbox.
        </p>
        <p className="mt-2 text-sm" role="status">
          {settings ? describe(settings) : "Loading…"}
        </p>
      </div>
      <form className="grid gap-4" onSubmit={(event) => void submit(event)}>
        <Switch
          label="Use quiet hours"
          hint="A weekly schedule in your time zone."
          checked={enabled}
          disabled={busy}
          onChange={(on) => edit(() => setEnabled(on))}
        />
        {enabled && (
          <fieldset className="grid gap-4" disabled={busy}>
            <legend className="sr-only">Schedule</legend>
            <Field>
              <Label>Time zone</Label>
              <Select value={zone} onChange={(event) => edit(() => setZone(event.target.value))}>
                {zones(zone).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </Select>
            </Field>
            {ranges.map((range, index) => (
              <fieldset key={index} className="grid gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
                <legend className="px-1 text-sm font-medium">Range {index + 1}</legend>
                <div className="flex flex-wrap gap-3">
                  {DAY_ORDER.map((day) => (
                    <Field key={day} className="flex items-center gap-1.5 text-sm">
                      <Checkbox checked={range.days.includes(day)} onChange={(event) => toggleDay(index, day, event.target.checked)} />
                      <Label>{DAY_NAMES[day]}</Label>
                    </Field>
                  ))}
                </div>
                <div className="flex flex-wrap items-end gap-3">
                  <Field className="w-32">
                    <Label>From</Label>
                    <Input type="time" required value={range.start} onChange={(event) => editRange(index, { start: event.target.value })} />
                  </Field>
                  <Field className="w-32">
                    <Label>Until</Label>
                    <Input type="time" required value={range.end} onChange={(event) => editRange(index, { end: event.target.value })} />
                  </Field>
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={ranges.length === 1}
                    onClick={() => edit(() => setRanges((all) => all.filter((_, at) => at !== index)))}
                  >
                    Remove range {index + 1}
                  </Button>
                </div>
                <p className="text-xs text-zinc-500 dark:text-zinc-400">An end at or before the start is on the next day.</p>
              </fieldset>
            ))}
            <div>
              <Button
                variant="outline"
                size="sm"
                disabled={ranges.length >= MAX_QUIET_RANGES}
                onClick={() => edit(() => setRanges((all) => [...all, { days: [0, 6], start: "00:00", end: "00:00" }]))}
              >
                Add a range
              </Button>
            </div>
          </fieldset>
        )}
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={busy || !dirty}>
            Save quiet hours
          </Button>
        </div>
        <FormError error={save.error ?? load.error} />
      </form>
    </Card>
  );
}
