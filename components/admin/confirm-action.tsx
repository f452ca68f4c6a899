"use client";
// A button that asks first, with a confirm button in the tone of what it does: red for taking
// something away (suspending), plain for giving it back (lifting a suspension).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

type Props = {
  label: string;
  /** The trigger's accessible name, when the label alone is ambiguous in a list. */
  accessibleName: string;
  title: string;
  description: string;
  confirmLabel: string;
  tone: "destructive" | "default";
  disabled?: boolean;
  onConfirm: () => void;
};

export function ConfirmAction({ label, accessibleName, title, description, confirmLabel, tone, disabled, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="outline"
        size="sm"
        aria-label={accessibleName}
        className={tone === "destructive" ? "text-busy" : undefined}
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title} description={description}>
        <div className="flex justify-end gap-2">
          <Button variant="outline" autoFocus onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant={tone}
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
