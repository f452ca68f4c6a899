"use client";
// One action from a watcher's row: a rule for that person, put first in my access rules.
// Blocking asks first, since it makes me vanish for them.
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { ACTION_CHOICES } from "@/lib/client/privacy/access-rules";
import { usePrivacyCommand } from "@/lib/client/react/use-privacy-command";
import type { AccessRuleAction } from "@/lib/protocol";

type Props = {
  username: string;
  displayName: string;
  /** What my rules say about this person by name, if anything. */
  current: AccessRuleAction | undefined;
};

const labelOf = (action: AccessRuleAction) => ACTION_CHOICES.find((choice) => choice.action === action)?.label;

export function WatcherActions({ username, displayName, current }: Props) {
  const quickRule = usePrivacyCommand("privacy:quick-rule");
  const apply = (action: "allow" | "polite-block" | "block") => void quickRule.run({ username, action });
  return (
    <div className="grid gap-1.5">
      {current ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="watcher-rule">
          Your rule for them: <span className="font-medium text-zinc-900 dark:text-zinc-100">{labelOf(current)}</span>
        </p>
      ) : null}
      <div className="flex flex-wrap gap-1.5 lg:flex-nowrap">
        <Button
          size="sm"
          variant="outline"
          aria-label={`Allow ${username}`}
          title="They see everything"
          disabled={quickRule.pending || current === "allow"}
          onClick={() => apply("allow")}
        >
          Allow
        </Button>
        <Button
          size="sm"
          variant="outline"
          aria-label={`Appear offline to ${username}`}
          title="You always look offline to them, and they can’t tell"
          disabled={quickRule.pending || current === "polite-block"}
          onClick={() => apply("polite-block")}
        >
          Appear offline
        </Button>
        <ConfirmButton
          triggerLabel={`Block ${username}`}
          triggerProps={{ variant: "outline", className: "text-busy" }}
          disabled={quickRule.pending || current === "block"}
          title={`Block ${displayName}?`}
          description={`To ${displayName}, you will appear not to exist: they can’t find you, follow you or message you. You can change this under “Who can see me”.`}
          confirmLabel="Block"
          onConfirm={() => apply("block")}
        >
          Block
        </ConfirmButton>
      </div>
      <FormError error={quickRule.error} />
    </div>
  );
}
