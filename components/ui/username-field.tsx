// A username input, labelled, with its error. Given suggestions, it offers matching people as
// one types (a native datalist: keyboard and screen readers work as with any input); the
// caller fetches them (useUserSuggestions), since it may need their display names too.
import { useId } from "react";
import type { UserSuggestion } from "@/lib/protocol";
import { TextField } from "./field";

type Props = Omit<React.ComponentProps<typeof TextField>, "value" | "onChange" | "list"> & {
  value: string;
  onValueChange: (value: string) => void;
  suggestions?: UserSuggestion[];
};

export function UsernameField({ value, onValueChange, suggestions, ...field }: Props) {
  const listId = useId();
  return (
    <>
      <TextField
        placeholder="username"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        {...field}
        value={value}
        list={suggestions ? listId : undefined}
        onChange={(event) => onValueChange(event.target.value)}
      />
      {suggestions ? (
        <datalist id={listId}>
          {suggestions.map((user) => (
            <option key={user.username} value={user.username}>
              {user.displayName}
            </option>
          ))}
        </datalist>
      ) : null}
    </>
  );
}
