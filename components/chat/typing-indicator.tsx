// "Alice is typing…" under the messages, announced politely. Its line keeps its height when
// empty, so the conversation does not jump as it comes and goes.
export function TypingIndicator({ name, typing }: { name: string; typing: boolean }) {
  return (
    <p role="status" data-testid="typing-indicator" className="flex h-6 shrink-0 items-center gap-1.5 px-4 text-xs text-zinc-500 dark:text-zinc-400">
      {typing ? (
        <>
          <span aria-hidden className="inline-flex gap-0.5">
            <span className="size-1 animate-bounce rounded-full bg-current [animation-delay:-0.3s]" />
            <span className="size-1 animate-bounce rounded-full bg-current [animation-delay:-0.15s]" />
            <span className="size-1 animate-bounce rounded-full bg-current" />
          </span>
          {name} is typing…
        </>
      ) : null}
    </p>
  );
}
