"use client";
// Adding or changing one access rule: who it is about, what they see (each choice explained
// in one line), and for those who see everything, what to hide from them anyway. The rule
// joins the list as a draft; "Save rules" sends the whole list.
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox, Radio } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/field";
import { ACTION_CHOICES, canHideDetails, type RuleDraft, SUBJECT_CHOICES } from "@/lib/client/privacy/access-rules";
import { useUserSuggestions } from "@/lib/client/react/use-user-suggestions";
import type { AccessRuleAction, ContactGroup, RuleSubjectView, SubjectType, TupleView } from "@/lib/protocol";
import { SubjectPicker } from "./subject-picker";

export type RuleFormValue = Omit<RuleDraft, "key">;

type Props = {
  /** The rule being changed; absent when adding one. */
  initial?: RuleFormValue;
  groups: ContactGroup[];
  /** My user tuples: the addresses a rule can hide. */
  addresses: TupleView[];
  tupleName: (id: string) => string | undefined;
  onSubmit: (rule: RuleFormValue) => void;
  onCancel: () => void;
};

const legendClass = "text-sm font-semibold";

export function RuleForm({ initial, groups, addresses, tupleName, onSubmit, onCancel }: Props) {
  const id = useId();
  const [type, setType] = useState<SubjectType>(initial?.subject.type ?? "user");
  const [username, setUsername] = useState(initial?.subject.type === "user" ? initial.subject.username : "");
  const [groupId, setGroupId] = useState(initial?.subject.type === "group" ? initial.subject.groupId : "");
  const [action, setAction] = useState<AccessRuleAction>(initial?.action ?? "allow");
  const [hidden, setHidden] = useState(() => new Set(initial?.hiddenTupleIds ?? []));
  const [hideLastSeen, setHideLastSeen] = useState(initial?.hideLastSeen ?? false);
  const [usernameError, setUsernameError] = useState<string>();
  const suggestions = useUserSuggestions(username);
  const chosenGroup = groups.find((group) => group.id === groupId) ?? groups[0];

  // Addresses the rule hides that no longer exist still show, so saving does not drop them silently.
  const hideable = [
    ...addresses.map((tuple) => tuple.id),
    ...[...hidden].filter((tupleId) => !addresses.some((tuple) => tuple.id === tupleId)),
  ];

  function subject(): RuleSubjectView | null {
    switch (type) {
      case "user": {
        const name = username.trim().toLowerCase().replace(/^@/, "");
        if (name === "") return null;
        const known = suggestions.find((user) => user.username === name);
        const kept = initial?.subject.type === "user" && initial.subject.username === name ? initial.subject.displayName : undefined;
        return { type: "user", username: name, displayName: known?.displayName ?? kept ?? name };
      }
      case "group":
        return chosenGroup ? { type: "group", groupId: chosenGroup.id, name: chosenGroup.name } : null;
      case "token":
        return { type: "token", tokenId: initial?.subject.type === "token" ? initial.subject.tokenId : null };
      default:
        return { type };
    }
  }

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const chosen = subject();
    if (!chosen) {
      if (type === "user") setUsernameError("Enter the person’s username.");
      return;
    }
    const details = canHideDetails(action);
    onSubmit({
      subject: chosen,
      action,
      hiddenTupleIds: details ? hideable.filter((tupleId) => hidden.has(tupleId)) : [],
      hideLastSeen: details && hideLastSeen,
    });
  };

  const toggle = (tupleId: string, checked: boolean) => {
    const next = new Set(hidden);
    if (checked) next.add(tupleId);
    else next.delete(tupleId);
    setHidden(next);
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      aria-label={initial ? "Change rule" : "New rule"}
      className="grid gap-4 rounded-lg border border-brand/40 bg-brand/5 p-4 dark:border-indigo-400/30 dark:bg-indigo-400/5"
    >
      <fieldset className="grid gap-2">
        <legend className={legendClass}>Who is it about?</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <SubjectPicker
            choices={SUBJECT_CHOICES}
            type={type}
            onTypeChange={setType}
            username={username}
            onUsernameChange={(value) => {
              setUsername(value);
              setUsernameError(undefined);
            }}
            usernameError={usernameError}
            suggestions={suggestions}
            groups={groups}
            group={chosenGroup}
            onGroupChange={setGroupId}
            noGroups={
              <p className="self-end text-sm text-zinc-600 dark:text-zinc-300">
                You have no groups yet: create one under “Manage groups” on your buddy list.
              </p>
            }
            partClassName="self-start"
          />
        </div>
      </fieldset>

      <fieldset className="grid gap-2">
        <legend className={legendClass}>What do they see?</legend>
        <div className="grid gap-1.5">
          {ACTION_CHOICES.map((choice) => (
            <Label
              key={choice.action}
              className="flex cursor-pointer items-start gap-2.5 rounded-md px-2 py-1.5 font-normal hover:bg-white has-checked:bg-white dark:hover:bg-zinc-800 dark:has-checked:bg-zinc-800"
            >
              <Radio
                name={`${id}-action`}
                value={choice.action}
                checked={action === choice.action}
                onChange={() => setAction(choice.action)}
                aria-labelledby={`${id}-${choice.action}-label`}
                aria-describedby={`${id}-${choice.action}-explanation`}
                className="mt-0.5 shrink-0"
              />
              <span className="text-sm">
                <span id={`${id}-${choice.action}-label`} className="font-medium">
                  {choice.label}
                </span>
                <span id={`${id}-${choice.action}-explanation`} className="block text-zinc-600 dark:text-zinc-400">
                  {choice.explanation}
                </span>
              </span>
            </Label>
          ))}
        </div>
      </fieldset>

      {canHideDetails(action) ? (
        <fieldset className="grid gap-2">
          <legend className={legendClass}>Hide anyway (optional)</legend>
          {action === "confirm" ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">Applies once you have approved them.</p>
          ) : null}
          <div className="grid gap-1.5 sm:grid-cols-2">
            {hideable.map((tupleId) => (
              <Label key={tupleId} className="flex items-center gap-2 font-normal">
                <Checkbox
                  checked={hidden.has(tupleId)}
                  onChange={(event) => toggle(tupleId, event.target.checked)}
                />
                {tupleName(tupleId) ?? "An address I removed"}
              </Label>
            ))}
            <Label className="flex items-center gap-2 font-normal">
              <Checkbox
                checked={hideLastSeen}
                onChange={(event) => setHideLastSeen(event.target.checked)}
              />
              When I was last seen
            </Label>
          </div>
          {addresses.length === 0 ? (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Addresses you add under “How to reach me” can be hidden here too.
            </p>
          ) : null}
        </fieldset>
      ) : null}

      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={type === "group" && groups.length === 0}>
          {initial ? "Update rule" : "Add rule"}
        </Button>
      </div>
    </form>
  );
}
