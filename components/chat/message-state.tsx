// Where my message is, as an icon and a word (never colour alone): Sending…, Sent, Delivered,
// Read, or Not sent.
import { AlertIcon, CheckCheckIcon, CheckIcon, ClockIcon, EyeIcon } from "@/components/ui/icons";
import type { DeliveryState } from "@/lib/client/im/inbox-view";
import { cn } from "@/lib/utils";

const STATES: Record<DeliveryState, { label: string; Icon: typeof CheckIcon }> = {
  sending: { label: "Sending…", Icon: ClockIcon },
  sent: { label: "Sent", Icon: CheckIcon },
  delivered: { label: "Delivered", Icon: CheckCheckIcon },
  read: { label: "Read", Icon: EyeIcon },
  failed: { label: "Not sent", Icon: AlertIcon },
};

export function MessageState({ state }: { state: DeliveryState }) {
  const { label, Icon } = STATES[state];
  return (
    <span
      data-testid="message-state"
      data-state={state}
      className={cn("inline-flex items-center gap-1", state === "failed" && "font-medium text-busy", state === "read" && "text-brand dark:text-indigo-300")}
    >
      <Icon className="size-3.5" />
      {label}
    </span>
  );
}
