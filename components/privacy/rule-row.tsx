// One access rule in the ordered list, as a sentence, with the ways to move, change or remove it.
import { Button } from "@/components/ui/button";
import { ArrowDownIcon, ArrowUpIcon, PencilIcon, TrashIcon } from "@/components/ui/icons";
import { describeAction, type RuleDraft, subjectName, type TupleNamer } from "@/lib/client/privacy/access-rules";

type Props = {
  rule: RuleDraft;
  index: number;
  count: number;
  tupleName: TupleNamer;
  /** Why it can never apply, if it cannot. */
  unreachable?: string;
  errors: string[];
  disabled: boolean;
  onEdit: () => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
};

export function RuleRow({ rule, index, count, tupleName, unreachable, errors, disabled, onEdit, onMove, onRemove }: Props) {
  const name = subjectName(rule.subject);
  return (
    <div className="flex flex-wrap items-start gap-x-3 gap-y-2" data-testid="access-rule">
      <span
        aria-hidden
        className="mt-0.5 inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
      >
        {index + 1}
      </span>
      <div className="min-w-0 flex-1 basis-56 text-sm">
        <p className="break-words">
          <span className="font-medium">{name}</span> — {describeAction(rule, tupleName)}
        </p>
        {unreachable ? <p className="mt-1 text-xs font-medium text-amber-700 dark:text-amber-300">{unreachable}</p> : null}
        {errors.map((message) => (
          <p key={message} role="alert" className="mt-1 text-xs font-medium text-busy">
            {message}
          </p>
        ))}
      </div>
      <div className="ml-auto flex gap-0.5">
        <Button size="icon" variant="ghost" className="size-8" aria-label={`Change rule ${index + 1}: ${name}`} disabled={disabled} onClick={onEdit}>
          <PencilIcon />
        </Button>
        <Button size="icon" variant="ghost" className="size-8" aria-label={`Move rule ${index + 1} up`} disabled={disabled || index === 0} onClick={() => onMove(-1)}>
          <ArrowUpIcon />
        </Button>
        <Button
          size="icon"
          variant="ghost"
          className="size-8"
          aria-label={`Move rule ${index + 1} down`}
          disabled={disabled || index === count - 1}
          onClick={() => onMove(1)}
        >
          <ArrowDownIcon />
        </Button>
        <Button size="icon" variant="ghost" className="size-8" aria-label={`Remove rule ${index + 1}: ${name}`} disabled={disabled} onClick={onRemove}>
          <TrashIcon />
        </Button>
      </div>
    </div>
  );
}
