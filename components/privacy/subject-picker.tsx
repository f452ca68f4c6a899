"use client";
// Whom something is about: the kind of subject ("Who"), then the person (a username, with
// suggestions) or one of my groups. The access rule form and the presence preview both pick a
// subject with it; each says what it does when there is no group to pick.
import { Field, Label } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { UsernameField } from "@/components/ui/username-field";
import type { ContactGroup, UserSuggestion } from "@/lib/protocol";

type Props<T extends string> = {
  choices: readonly { type: T; label: string }[];
  type: T;
  onTypeChange: (type: T) => void;
  username: string;
  onUsernameChange: (username: string) => void;
  usernameError?: string;
  suggestions: UserSuggestion[];
  groups: readonly ContactGroup[];
  /** The group shown as chosen (the first one until another is picked). */
  group: ContactGroup | undefined;
  onGroupChange: (groupId: string) => void;
  /** Shown instead of the group list when I have no groups. */
  noGroups: React.ReactNode;
  /** Classes for each part (the rule form lays them out in a grid). */
  partClassName?: string;
};

export function SubjectPicker<T extends string>({
  choices,
  type,
  onTypeChange,
  username,
  onUsernameChange,
  usernameError,
  suggestions,
  groups,
  group,
  onGroupChange,
  noGroups,
  partClassName,
}: Props<T>) {
  return (
    <>
      <Field className={partClassName}>
        <Label>Who</Label>
        <Select value={type} onChange={(event) => onTypeChange(event.target.value as T)}>
          {choices.map((choice) => (
            <option key={choice.type} value={choice.type}>
              {choice.label}
            </option>
          ))}
        </Select>
      </Field>
      {type === "user" ? (
        <UsernameField
          label="Their username"
          value={username}
          onValueChange={onUsernameChange}
          suggestions={suggestions}
          error={usernameError}
          className={partClassName}
        />
      ) : null}
      {type === "group" && groups.length > 0 ? (
        <Field className={partClassName}>
          <Label>Group</Label>
          <Select value={group?.id} onChange={(event) => onGroupChange(event.target.value)}>
            {groups.map((each) => (
              <option key={each.id} value={each.id}>
                {each.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      {type === "group" && groups.length === 0 ? noGroups : null}
    </>
  );
}
