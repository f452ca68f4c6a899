"use client";
// Invitation links: how long one works and how many accounts it may create; the list with
// each link's state and uses; revoking one that is still active.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Label, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { PlusIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { createInvite, type CreatedInvite, type InviteSummary, listInvites } from "@/lib/client/admin/admin-api";
import { EXPIRY_CHOICES } from "@/lib/client/admin/admin-display";
import { issueAt } from "@/lib/client/connection/commands";
import { useApiAction, useApiResource } from "@/lib/client/react/use-api";
import { InviteList } from "./invite-list";
import { NewInviteLink } from "./new-invite-link";

const DEFAULT_HOURS = 24 * 7;

export function Invitations({ initial, onChanged }: { initial: InviteSummary[]; onChanged: () => void }) {
  const invites = useApiResource(listInvites, { invites: initial });
  const create = useApiAction(createInvite);
  const [hours, setHours] = useState<number>(DEFAULT_HOURS);
  const [uses, setUses] = useState("1");
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const changed = () => {
    invites.reload();
    onChanged();
  };

  return (
    <Card aria-labelledby="invites-title">
      <h2 id="invites-title" className="text-base font-semibold">
        Invitations
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        An invitation link lets people create an account even when sign-ups need one. Send it privately: anyone who has
        it can use it.
      </p>
      <form
        noValidate
        aria-label="Create an invitation"
        className="mt-4 flex flex-wrap items-start gap-3"
        onSubmit={async (event) => {
          event.preventDefault();
          const ack = await create.run({ expiresInHours: hours, maxUses: Number(uses) });
          if (!ack.ok) return;
          setCreated(ack.data.invite);
          changed();
        }}
      >
        <Field className="min-w-36">
          <Label>Link works for</Label>
          <Select value={hours} onChange={(event) => setHours(Number(event.target.value))}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.hours} value={choice.hours}>
                {choice.label}
              </option>
            ))}
          </Select>
        </Field>
        <TextField
          label="Number of uses"
          type="number"
          inputMode="numeric"
          min={1}
          max={1000}
          value={uses}
          onChange={(event) => {
            setUses(event.target.value);
            create.reset();
          }}
          error={issueAt(create.error, "maxUses")}
          className="w-36"
        />
        <Button type="submit" className="mt-6.5" disabled={create.pending || uses === ""}>
          <PlusIcon />
          Create invitation link
        </Button>
      </form>
      <FormError error={create.error} placed={(path) => path === "maxUses"} className="mt-3" />
      {created ? <NewInviteLink invite={created} onDone={() => setCreated(null)} /> : null}
      <div className="mt-5">
        <InviteList invites={invites.data.invites} onChanged={changed} />
        <FormError error={invites.error} className="mt-3" />
      </div>
    </Card>
  );
}
