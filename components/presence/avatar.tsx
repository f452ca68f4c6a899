import { avatarColor, avatarInitials } from "@/lib/client/format/avatar";
import type { PresenceTone } from "@/lib/client/presence/presence-display";
import { cn } from "@/lib/utils";
import { TONE_DOT } from "./availability-label";

const SIZES = { sm: "size-8 text-xs", md: "size-10 text-sm" } as const;

/** Initials on the username's colour, with a presence dot. Decorative: the row says it all in text. */
export function Avatar({
  username,
  displayName,
  tone,
  size = "md",
}: {
  username: string;
  displayName: string;
  tone?: PresenceTone;
  size?: keyof typeof SIZES;
}) {
  return (
    <span aria-hidden className="relative inline-flex shrink-0">
      <span
        className={cn("inline-flex items-center justify-center rounded-full font-semibold text-white", SIZES[size])}
        style={{ backgroundColor: avatarColor(username) }}
      >
        {avatarInitials(displayName, username)}
      </span>
      {tone ? (
        <span
          className={cn(
            "absolute -right-0.5 -bottom-0.5 size-3 rounded-full ring-2 ring-white dark:ring-zinc-900",
            TONE_DOT[tone],
            tone === "unknown" && "bg-white dark:bg-zinc-900",
          )}
        />
      ) : null}
    </span>
  );
}
