"use client";
// Password, sessions, XMPP app passwords and tokens side by side in state: a password change
// ends the other sessions and revokes every token, and so does "sign out everywhere", so the
// lists are fetched again afterwards. App passwords are tokens too: a change in either card
// refreshes the other.
import { useState } from "react";
import { listSessions, type SessionSummary } from "@/lib/client/account/account-api";
import { useApiResource } from "@/lib/client/react/use-api";
import { AccessTokens } from "./access-tokens";
import { PasswordForm } from "./password-form";
import { SignedInSessions } from "./signed-in-sessions";
import { XmppApps, type XmppEndpointSummary } from "./xmpp-apps";

export function AccountSecurity({
  username,
  initialSessions,
  xmpp,
}: {
  username: string;
  initialSessions: SessionSummary[];
  xmpp: XmppEndpointSummary;
}) {
  const sessions = useApiResource(listSessions, { sessions: initialSessions });
  const [revocations, setRevocations] = useState(0);
  const [tokenChanges, setTokenChanges] = useState(0);
  const [appPasswordChanges, setAppPasswordChanges] = useState(0);
  const changed = () => {
    sessions.reload();
    setRevocations((count) => count + 1);
  };
  return (
    <>
      <PasswordForm username={username} onChanged={changed} />
      <SignedInSessions sessions={sessions.data.sessions} loadError={sessions.error} onChanged={changed} />
      <XmppApps
        username={username}
        endpoint={xmpp}
        outsideChanges={revocations + tokenChanges}
        onChanged={() => setAppPasswordChanges((count) => count + 1)}
      />
      <AccessTokens outsideChanges={revocations + appPasswordChanges} onChanged={() => setTokenChanges((count) => count + 1)} />
    </>
  );
}
