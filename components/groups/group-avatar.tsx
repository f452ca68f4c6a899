// A group's picture: the people icon on a colour of its own. Decorative: the row says it all in text.
import { UsersIcon } from "@/components/ui/icons";
import { avatarColor } from "@/lib/client/format/avatar";
import { cn } from "@/lib/utils";

export function GroupAvatar({ groupId, size = "md" }: { groupId: string; size?: "sm" | "md" }) {
  return (
    <span
      aria-hidden
      className={cn("inline-flex shrink-0 items-center justify-center rounded-full text-white", size === "sm" ? "size-8" : "size-10")}
      style={{ backgroundColor: avatarColor(groupId) }}
    >
      <UsersIcon className="size-4.5" />
    </span>
  );
}
