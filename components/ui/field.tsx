"use client";
// A form field in parts: <Field> gives one control (Input, Select, Textarea, Checkbox) an id
// and ties its <Label>, <FieldHint> and <FieldError> to it, so the label names the control and
// an error is announced (role="alert"), marked (aria-invalid) and read with it (aria-describedby).
import { createContext, useContext, useId } from "react";
import { cn } from "@/lib/utils";
import { Input } from "./input";

type FieldState = { id: string; error?: string; hint?: React.ReactNode };

const FieldContext = createContext<FieldState | null>(null);

const hintIdOf = (id: string) => `${id}-hint`;
const errorIdOf = (id: string) => `${id}-error`;

export function Field({
  id,
  error,
  hint,
  className,
  children,
}: {
  /** The control's id; one is made up when absent. */
  id?: string;
  error?: string;
  /** Shown by <FieldHint> while there is no error. */
  hint?: React.ReactNode;
  className?: string;
  children?: React.ReactNode;
}) {
  const generated = useId();
  return (
    <FieldContext value={{ id: id ?? generated, error, hint }}>
      <div className={cn("grid gap-1.5", className)}>{children}</div>
    </FieldContext>
  );
}

export function Label({ className, ...props }: React.ComponentProps<"label">) {
  const field = useContext(FieldContext);
  return <label htmlFor={field?.id} className={cn("text-sm font-medium", className)} {...props} />;
}

export function FieldHint({ className }: { className?: string }) {
  const field = useContext(FieldContext);
  if (!field?.hint || field.error) return null;
  return (
    <p id={hintIdOf(field.id)} className={cn("text-xs text-zinc-500 dark:text-zinc-400", className)}>
      {field.hint}
    </p>
  );
}

export function FieldError({ className }: { className?: string }) {
  const field = useContext(FieldContext);
  if (!field?.error) return null;
  return (
    <p id={errorIdOf(field.id)} role="alert" className={cn("text-xs font-medium text-busy", className)}>
      {field.error}
    </p>
  );
}

type ControlProps = { id?: string; "aria-invalid"?: React.AriaAttributes["aria-invalid"]; "aria-describedby"?: string };

/**
 * A control's props with its field's id and ARIA attributes added (its own win, and its own
 * descriptions come first). Outside a <Field> the props are returned as they are.
 */
export function useFieldControl<P extends ControlProps>(props: P): P {
  const field = useContext(FieldContext);
  if (!field) return props;
  const described = field.error ? errorIdOf(field.id) : field.hint ? hintIdOf(field.id) : undefined;
  const describedBy = [props["aria-describedby"], described].filter(Boolean).join(" ");
  return {
    ...props,
    id: props.id ?? field.id,
    "aria-invalid": props["aria-invalid"] ?? (field.error ? true : undefined),
    "aria-describedby": describedBy || undefined,
  };
}

/** The common case: a labelled text input with its hint and its error. */
export function TextField({
  label,
  error,
  hint,
  className,
  id,
  ...input
}: React.ComponentProps<typeof Input> & { label: string; error?: string; hint?: React.ReactNode }) {
  return (
    <Field id={id} error={error} hint={hint} className={className}>
      <Label>{label}</Label>
      <Input {...input} />
      <FieldHint />
      <FieldError />
    </Field>
  );
}
