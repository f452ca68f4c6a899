"use client";
// Password and sessions side by side in state: a password change ends the other sessions,
// so the list is fetched again afterwards.
import { useApiResource } from "@/hooks/use-api";
import { listSessions, type SessionSummary } from "@/lib/client/account-api";
import { PasswordForm } from "./password-form";
import { SignedInSessions } from "./signed-in-sessions";

export function AccountSecurity({ username, initialSessions }: { username: string; initialSessions: SessionSummary[] }) {
  const sessions = useApiResource(listSessions, { sessions: initialSessions });
  return (
    <>
      <PasswordForm username={username} onChanged={sessions.reload} />
      <SignedInSessions sessions={sessions.data.sessions} loadError={sessions.error} onChanged={sessions.reload} />
    </>
  );
}
