// A username input that suggests matching people as one types (a native datalist: keyboard
// and screen readers work as with any input). The caller fetches the suggestions
// (useUserSuggestions), since it may need their display names too.
import { useId } from "react";
import { TextField } from "@/components/ui/field";
import type { UserSuggestion } from "@/lib/protocol";

type Props = Omit<React.ComponentProps<typeof TextField>, "value" | "onChange" | "list"> & {
  value: string;
  onValueChange: (value: string) => void;
  suggestions: UserSuggestion[];
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
        list={listId}
        onChange={(event) => onValueChange(event.target.value)}
      />
      <datalist id={listId}>
        {suggestions.map((user) => (
          <option key={user.username} value={user.username}>
            {user.displayName}
          </option>
        ))}
      </datalist>
    </>
  );
}
