"use client";
// What to enter in an XMPP app (Conversations, Gajim, profanity…) and its app passwords: personal
// access tokens with only the `xmpp` scope, so the app never holds the web password. The secret
// is shown once; revoking one disconnects the apps signed in with it.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { PlusIcon } from "@/components/ui/icons";
import { issueAt } from "@/lib/client/connection/commands";
import { useCommand } from "@/lib/client/react/use-command";
import type { CreatedAccessToken } from "@/lib/protocol";
import { TokenRow, useTokenList } from "./access-tokens";
import { NewTokenSecret } from "./new-token-secret";

/** The server's XMPP endpoint as the settings page was rendered with it; null: XMPP is off. */
export type XmppEndpointSummary = { domain: string; port: number | null; tlsPort: number | null; fingerprint256: string } | null;

function Setting({ label, value, testId, copy }: { label: string; value: string; testId: string; copy?: string }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[10rem_1fr] sm:items-start sm:gap-3">
      <dt className="text-sm text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-2">
        <code data-testid={testId} className="min-w-0 font-mono text-sm break-all select-all">
          {value}
        </code>
        {copy ? <CopyButton text={value} what={copy} /> : null}
      </dd>
    </div>
  );
}

function Connection({ username, endpoint }: { username: string; endpoint: NonNullable<XmppEndpointSummary> }) {
  return (
    <dl className="mt-4 grid gap-3" aria-label="Connection settings">
      <Setting label="Address (JID)" value={`${username}@${endpoint.domain}`} testId="xmpp-address" copy="address" />
      <Setting label="Server" value={endpoint.domain} testId="xmpp-server" />
      {endpoint.port !== null ? <Setting label="Port (STARTTLS)" value={String(endpoint.port)} testId="xmpp-port" /> : null}
      {endpoint.tlsPort !== null ? <Setting label="Port (direct TLS)" value={String(endpoint.tlsPort)} testId="xmpp-tls-port" /> : null}
      <Setting label="Certificate SHA-256" value={endpoint.fingerprint256} testId="xmpp-fingerprint" />
    </dl>
  );
}

export function XmppApps({
  username,
  endpoint,
  outsideChanges = 0,
  onChanged,
}: {
  username: string;
  endpoint: XmppEndpointSummary;
  outsideChanges?: number;
  onChanged?: () => void;
}) {
  const { listed, reload: reloadHere } = useTokenList(outsideChanges);
  const reload = () => {
    reloadHere();
    onChanged?.();
  };
  const create = useCommand("token:create");
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedAccessToken | null>(null);
  const appPasswords = listed?.ok ? listed.data.filter((token) => token.scopes.includes("xmpp")) : null;

  return (
    <Card aria-labelledby="xmpp-title">
      <h2 id="xmpp-title" className="text-base font-semibold">
        XMPP apps
      </h2>
      {endpoint === null ? (
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400" data-testid="xmpp-off">
          XMPP is off on this server: apps such as Conversations, Gajim or profanity cannot sign in here. Its operator turns it
          on with the <code className="text-xs">XMPP_PORT</code> setting.
        </p>
      ) : (
        <>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Sign in from an XMPP app (Conversations, Monal, Gajim, Dino, profanity…) with the same buddy list, conversations
            and privacy rules. Enter the address below and an app password made here. If the app shows the server’s
            certificate, check that its SHA-256 fingerprint is this one before you trust it.
          </p>
          <Connection username={username} endpoint={endpoint} />
        </>
      )}
      <h3 className="mt-6 text-sm font-semibold">App passwords</h3>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        One per app, so you can revoke one without the others. An app password only signs in over XMPP; changing your password or
        signing out everywhere revokes them all.
      </p>
      <form
        noValidate
        className="mt-3 flex flex-wrap items-start gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          const ack = await create.run({ name, scopes: ["xmpp"] });
          if (!ack.ok) return;
          setCreated(ack.data);
          setName("");
          reload();
        }}
      >
        <TextField
          label="App name"
          placeholder="e.g. Conversations on my phone"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            create.reset();
          }}
          error={issueAt(create.error, "name")}
          className="min-w-48 flex-1"
        />
        <Button type="submit" className="mt-6.5" disabled={create.pending || name.trim() === ""}>
          <PlusIcon />
          Create app password
        </Button>
      </form>
      <FormError error={create.error} placed={(path) => path === "name"} className="mt-3" />
      {created ? <NewTokenSecret token={created} what="app password" onDone={() => setCreated(null)} /> : null}
      <div className="mt-4">
        {appPasswords === null ? (
          listed ? null : <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading app passwords…</p>
        ) : appPasswords.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No app passwords yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" aria-label="Your app passwords">
            {appPasswords.map((token) => (
              <TokenRow
                key={token.id}
                token={token}
                onRevoked={reload}
                revokeDescription="Apps signed in with it are disconnected at once and cannot sign in again with it. This cannot be undone."
              />
            ))}
          </ul>
        )}
        <FormError error={listed?.ok === false ? listed.error : null} />
      </div>
    </Card>
  );
}
