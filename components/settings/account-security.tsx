"use client";
// Password, sessions and tokens side by side in state: a password change ends the other
// sessions and revokes every token, and so does "sign out everywhere", so both lists are
// fetched again afterwards.
import { useState } from "react";
import { listSessions, type SessionSummary } from "@/lib/client/account/account-api";
import { useApiResource } from "@/lib/client/react/use-api";
import { AccessTokens } from "./access-tokens";
import { PasswordForm } from "./password-form";
import { SignedInSessions } from "./signed-in-sessions";

export function AccountSecurity({ username, initialSessions }: { username: string; initialSessions: SessionSummary[] }) {
  const sessions = useApiResource(listSessions, { sessions: initialSessions });
  const [revocations, setRevocations] = useState(0);
  const changed = () => {
    sessions.reload();
    setRevocations((count) => count + 1);
  };
  return (
    <>
      <PasswordForm username={username} onChanged={changed} />
      <SignedInSessions sessions={sessions.data.sessions} loadError={sessions.error} onChanged={changed} />
      <AccessTokens outsideChanges={revocations} />
    </>
  );
}
