"use client";
// The inbox's DELIVERY RULES and receipts: who may message me, read receipts, notifications
// while busy, and desktop notifications in this browser. Applied at once; every tab hears
// `im:settings-changed`, this one included; until then the control shows the choice just made.
import { useId, useState } from "react";
import { DesktopNotificationsToggle } from "@/components/chat/desktop-notifications-toggle";
import { Card } from "@/components/ui/card";
import { Radio } from "@/components/ui/checkbox";
import { Field, FieldHint, Label } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Switch } from "@/components/ui/switch";
import { useCommand } from "@/lib/client/react/use-command";
import { useInbox } from "@/lib/client/react/use-inbox";
import type { AcceptFrom, InboxSettings as Settings } from "@/lib/protocol";

const ACCEPT_CHOICES: { value: AcceptFrom; label: string; hint: string }[] = [
  { value: "everyone", label: "Everyone", hint: "People not in your contacts land in Message requests until you accept." },
  { value: "contacts", label: "My contacts", hint: "Others are told you accept messages from contacts only." },
  { value: "nobody", label: "Nobody", hint: "Everyone is told you do not accept messages." },
];

export function InboxSettings() {
  const id = useId();
  const save = useCommand("im:set-settings");
  const [choosing, setChoosing] = useState<Partial<Settings> | null>(null);
  const stored = useInbox().settings;
  const settings = stored ? { ...stored, ...choosing } : null;
  const busy = !settings || save.pending;
  const change = async (changes: Partial<Settings>) => {
    setChoosing(changes);
    await save.run(changes);
    // Applied (the broadcast is here already) or refused (the error says why): the store is right.
    setChoosing(null);
  };

  return (
    <Card aria-labelledby={`${id}-title`} className="grid gap-5">
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold">
          Messages
        </h2>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">Who can reach your inbox, and what others learn about your reading.</p>
      </div>
      <fieldset className="grid gap-2" disabled={busy}>
        <legend className="mb-1 text-sm font-medium">Accept messages from</legend>
        {ACCEPT_CHOICES.map((choice) => (
          <Field key={choice.value} hint={choice.hint} className="flex items-start gap-2.5 text-sm has-disabled:opacity-60">
            <Radio
              name={`${id}-accept`}
              value={choice.value}
              checked={settings?.acceptFrom === choice.value}
              onChange={() => void change({ acceptFrom: choice.value })}
              className="mt-0.5"
            />
            <div>
              <Label>{choice.label}</Label>
              <FieldHint />
            </div>
          </Field>
        ))}
        <p className="text-xs text-zinc-500 dark:text-zinc-400">People you block can never message you, whatever you choose here.</p>
      </fieldset>
      <Switch
        label="Read receipts"
        hint="Let people see when you have read their messages. When off, you do not see when they read yours either."
        checked={settings?.readReceipts ?? true}
        disabled={busy}
        onChange={(readReceipts) => void change({ readReceipts })}
      />
      <Switch
        label="Notify me while busy"
        hint="Desktop notifications for new messages even while your status is Busy."
        checked={settings?.notifyWhileBusy ?? false}
        disabled={busy}
        onChange={(notifyWhileBusy) => void change({ notifyWhileBusy })}
      />
      <div className="grid gap-1.5">
        <p className="text-sm font-medium">Desktop notifications in this browser</p>
        <DesktopNotificationsToggle />
      </div>
      <FormError error={save.error} />
    </Card>
  );
}
