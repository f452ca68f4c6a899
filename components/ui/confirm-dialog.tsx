"use client";
// A button that asks first. The confirm button takes the tone of what it does: red for
// taking something away, plain for giving it back.
import { useState } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

type Props = {
  /** What the trigger button shows (and its accessible name unless `triggerLabel` is set). */
  children: React.ReactNode;
  triggerLabel?: string;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  tone?: "destructive" | "default";
  triggerProps?: Omit<React.ComponentProps<typeof Button>, "onClick" | "children">;
};

export function ConfirmButton({
  children,
  triggerLabel,
  title,
  description,
  confirmLabel,
  onConfirm,
  disabled,
  tone = "destructive",
  triggerProps,
}: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-label={triggerLabel}
        disabled={disabled}
        {...triggerProps}
        onClick={() => setOpen(true)}
      >
        {children}
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
