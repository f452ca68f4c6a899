"use client";
// Shown instead of the whole signed-in page once its session ended, for the moment until the
// sign-in page has loaded: nothing of the account (list, statuses, messages, name) stays.
import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { signInPathAfter } from "@/lib/client/connection/session-end";
import { useConnectionState } from "@/lib/client/react/use-connection-state";

export function SessionEnded() {
  const { ended = "expired", error } = useConnectionState();
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center px-4 py-10">
      <Card aria-labelledby="session-ended-title" data-testid="session-ended">
        <h1 id="session-ended-title" className="text-lg font-semibold">
          Signed out
        </h1>
        <p role="status" className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">
          {error} Taking you to the sign-in page…
        </p>
        <Link href={signInPathAfter(ended)} className={buttonVariants({ className: "mt-4 w-full" })}>
          Sign in
        </Link>
      </Card>
    </main>
  );
}
