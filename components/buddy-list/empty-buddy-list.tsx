"use client";
// What an empty buddy list offers instead of nothing: my username to pass on (people add me by
// it), and, when this server lets people sign up, a link that invites a friend.
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { useHydrated } from "@/lib/client/react/use-hydrated";

/** How a newcomer can bring a friend here: the sign-up page, or (invite-only) the admin's invitations. */
export type Invitation = { kind: "signup" } | { kind: "admin-invites" } | null;

export function EmptyBuddyList({ username, invitation }: { username: string | null; invitation: Invitation }) {
  // The link needs this page's address, which the server render does not know.
  const hydrated = useHydrated();
  const signUpLink = hydrated ? `${window.location.origin}/signup` : "";
  return (
    <div className="grid gap-4 rounded-lg border border-dashed border-zinc-300 p-4 text-sm dark:border-zinc-700" data-testid="buddy-list-empty">
      <p className="font-medium">No contacts yet.</p>
      {username ? (
        <div className="grid gap-1.5">
          <p className="text-zinc-700 dark:text-zinc-300">People add you by your username:</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="rounded bg-zinc-100 px-2 py-1 font-mono dark:bg-zinc-800" data-testid="my-username">
              {username}
            </code>
            <CopyButton text={username} what="username" />
          </div>
        </div>
      ) : null}
      {invitation?.kind === "signup" && signUpLink ? (
        <div className="grid gap-1.5">
          <p className="text-zinc-700 dark:text-zinc-300">Not here yet? Send them this link to sign up:</p>
          <div className="flex flex-wrap items-center gap-2">
            <code className="min-w-0 break-all rounded bg-zinc-100 px-2 py-1 font-mono dark:bg-zinc-800" data-testid="invitation-link">
              {signUpLink}
            </code>
            <CopyButton text={signUpLink} what="invitation link" />
          </div>
        </div>
      ) : null}
      {invitation?.kind === "admin-invites" ? (
        <p className="text-zinc-700 dark:text-zinc-300">
          Sign-ups here need an invitation:{" "}
          <Link href="/admin" className="font-medium text-brand-strong underline underline-offset-4 dark:text-indigo-300">
            create an invitation link
          </Link>{" "}
          and send it to them.
        </p>
      ) : null}
    </div>
  );
}
