"use client";
// One-tap statuses: the presets, then the last five this person set in this browser.
import { Button } from "@/components/ui/button";
import { EXPIRY_LABELS } from "@/lib/client/presence/status-expiry";
import { STATUS_PRESETS, type StatusChoice } from "@/lib/client/presence/status-presets";

type Props = { recent: readonly StatusChoice[]; disabled: boolean; onChoose: (choice: StatusChoice) => void };

const recentLabel = (choice: StatusChoice) =>
  choice.expiry === "none" ? choice.note : `${choice.note} · ${EXPIRY_LABELS[choice.expiry].toLowerCase()}`;

function ChoiceList({ title, choices, disabled, onChoose }: { title: string; choices: { label: string; choice: StatusChoice }[] } & Omit<Props, "recent">) {
  return (
    <div role="group" aria-label={title} className="grid gap-1.5">
      <p className="text-sm font-medium">{title}</p>
      <ul className="flex flex-wrap gap-1.5">
        {choices.map(({ label, choice }) => (
          <li key={label}>
            <Button size="sm" variant="outline" disabled={disabled} onClick={() => onChoose(choice)}>
              {label}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function StatusChoices({ recent, disabled, onChoose }: Props) {
  return (
    <div className="grid gap-3">
      <ChoiceList
        title="Presets"
        choices={STATUS_PRESETS.map((preset) => ({ label: preset.label, choice: preset }))}
        disabled={disabled}
        onChoose={onChoose}
      />
      {recent.length > 0 ? (
        <ChoiceList
          title="Recent"
          choices={recent.map((choice) => ({ label: recentLabel(choice), choice }))}
          disabled={disabled}
          onChoose={onChoose}
        />
      ) : null}
    </div>
  );
}
