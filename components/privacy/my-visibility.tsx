"use client";
// "My visibility as a watcher": VISIBILITY RULES. Whether my name shows in other people's
// "Who's watching" lists when I look at them: for everyone, with exceptions per person.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Label } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { PlusIcon, TrashIcon } from "@/components/ui/icons";
import { Select } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { UsernameField } from "@/components/ui/username-field";
import { issueAt } from "@/lib/client/connection/commands";
import { usePrivacy } from "@/lib/client/react/use-privacy";
import { usePrivacyCommand } from "@/lib/client/react/use-privacy-command";
import { useUserSuggestions } from "@/lib/client/react/use-user-suggestions";
import { ErrorCode, type PrivacySettings } from "@/lib/protocol";

type Person = PrivacySettings["visibility"]["people"][number];

const personName = (person: Person) =>
  person.displayName === person.username ? `@${person.username}` : `${person.displayName} (@${person.username})`;

function AddException() {
  const add = usePrivacyCommand("privacy:set-visibility");
  const [username, setUsername] = useState("");
  const [visibility, setVisibility] = useState<"hidden" | "visible">("hidden");
  const suggestions = useUserSuggestions(username);
  const error = add.error
    ? add.error.code === ErrorCode.not_found
      ? "There is no other account with that name."
      : (issueAt(add.error, "username") ?? add.error.message)
    : undefined;
  return (
    <form
      noValidate
      aria-label="Add an exception"
      className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-start"
      onSubmit={async (event) => {
        event.preventDefault();
        const name = username.trim().toLowerCase().replace(/^@/, "");
        if (name === "") return;
        if ((await add.run({ username: name, visibility })).ok) setUsername("");
      }}
    >
      <UsernameField
        label="Person"
        value={username}
        onValueChange={(value) => {
          setUsername(value);
          add.reset();
        }}
        suggestions={suggestions}
        error={error}
      />
      <Field>
        <Label>My watching</Label>
        <Select value={visibility} onChange={(event) => setVisibility(event.target.value as "hidden" | "visible")}>
          <option value="hidden">Hidden from them</option>
          <option value="visible">Shown to them</option>
        </Select>
      </Field>
      <Button type="submit" variant="outline" className="sm:mt-6.5" disabled={add.pending || username.trim() === ""}>
        <PlusIcon />
        Add exception
      </Button>
    </form>
  );
}

function ExceptionRow({ person }: { person: Person }) {
  const remove = usePrivacyCommand("privacy:set-visibility");
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm" data-testid="visibility-exception">
      <span className="min-w-0 flex-1">
        <span className="font-medium">{personName(person)}</span> —{" "}
        {person.visibility === "hidden" ? "my watching is hidden from them" : "my watching is shown to them"}
      </span>
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Remove the exception for ${person.username}`}
        disabled={remove.pending}
        onClick={() => void remove.run({ username: person.username, visibility: "default" })}
      >
        <TrashIcon />
        Remove
      </Button>
      <FormError error={remove.error} className="w-full" />
    </li>
  );
}

function VisibilityEditor({ settings }: { settings: PrivacySettings }) {
  const setAll = usePrivacyCommand("privacy:set-visibility");
  const { all, people } = settings.visibility;
  return (
    <div className="mt-3 grid gap-4">
      <Switch
        label="Show that I’m watching"
        hint={
          all === "visible"
            ? "When you look at someone’s status, your name shows in their “Who’s watching” list."
            : "When you look at someone’s status, they see only that someone who hides their watching looked."
        }
        checked={all === "visible"}
        disabled={setAll.pending}
        onChange={(visible) => void setAll.run({ username: null, visibility: visible ? "visible" : "hidden" })}
      />
      <FormError error={setAll.error} />
      <div className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">Fair’s fair</p>
        <ul className="mt-1 list-disc pl-5">
          <li>If you hide your watching from anyone, your own “Who’s watching me” list shows counts instead of names.</li>
          <li>People can give those who hide their watching a rule of their own — for example, to appear offline to them.</li>
        </ul>
      </div>
      <section aria-labelledby="visibility-exceptions-title" className="grid gap-2">
        <h3 id="visibility-exceptions-title" className="text-sm font-semibold">
          Exceptions for particular people
        </h3>
        {people.length > 0 ? (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
            {people.map((person) => (
              <ExceptionRow key={person.username} person={person} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No exceptions: the setting above applies to everyone.</p>
        )}
        <AddException />
      </section>
    </div>
  );
}

export function MyVisibility({ className }: { className?: string }) {
  const { settings } = usePrivacy();
  return (
    <Card aria-labelledby="visibility-title" className={className}>
      <h2 id="visibility-title" className="text-lg font-semibold">
        My visibility as a watcher
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Whether people see your name in their “Who’s watching” list when you look at their status.
      </p>
      {settings ? <VisibilityEditor settings={settings} /> : <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>}
    </Card>
  );
}
