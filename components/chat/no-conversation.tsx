import { ChatIcon } from "@/components/ui/icons";

/** The wide screen's right side while no conversation is open. */
export function NoConversation() {
  return (
    <div className="m-auto grid max-w-xs justify-items-center gap-2 p-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
      <ChatIcon className="size-8" />
      <p>Choose a conversation, or start one with “New message” or from your buddy list.</p>
    </div>
  );
}
