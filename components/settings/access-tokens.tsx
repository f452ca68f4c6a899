"use client";
// Personal access tokens for pollers and bots. The secret is shown once, right after it is
// created; the server keeps only its hash. Each token has scopes: what it may do.
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { Field, FieldHint, Label, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { PlusIcon } from "@/components/ui/icons";
import { issueAt, sendCommand } from "@/lib/client/connection/commands";
import { useCommand } from "@/lib/client/react/use-command";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import { useSocket } from "@/lib/client/react/use-socket";
import {
  type AccessTokenSummary,
  type Ack,
  type CreatedAccessToken,
  DEFAULT_TOKEN_SCOPES,
  TOKEN_SCOPE_LABELS,
  TOKEN_SCOPES,
  type TokenScope,
} from "@/lib/protocol";
import { NewTokenSecret } from "./new-token-secret";

const formatDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** One token with what it may do, when it was used, and a confirmed revoke. */
export function TokenRow({
  token,
  onRevoked,
  revokeDescription = "Scripts and bots using this token stop working at once. This cannot be undone.",
}: {
  token: AccessTokenSummary;
  onRevoked: () => void;
  revokeDescription?: string;
}) {
  const revoke = useCommand("token:revoke");
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2.5" data-testid="access-token">
      <div className="min-w-0 flex-1 text-sm">
        <p className="truncate font-medium">{token.name}</p>
        <p className="text-xs text-zinc-600 dark:text-zinc-300" data-testid="token-scopes">
          {token.scopes.map((scope) => TOKEN_SCOPE_LABELS[scope].label).join(" · ")}
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          Created {formatDate(token.createdAt)} · {token.lastUsedAt ? `last used ${formatDate(token.lastUsedAt)}` : "never used"}
        </p>
      </div>
      <ConfirmButton
        triggerLabel={`Revoke ${token.name}`}
        triggerProps={{ variant: "outline", className: "text-busy" }}
        title={`Revoke “${token.name}”?`}
        description={revokeDescription}
        confirmLabel="Revoke token"
        disabled={revoke.pending}
        onConfirm={async () => {
          if ((await revoke.run({ id: token.id })).ok) onRevoked();
        }}
      >
        Revoke
      </ConfirmButton>
      <FormError error={revoke.error} className="w-full" />
    </li>
  );
}

/**
 * The token list, fetched when the socket is up (again after a reconnect), after each change
 * here, and whenever `outsideChanges` grows (a password change or "sign out everywhere" revoked
 * every token).
 */
export function useTokenList(outsideChanges: number) {
  const socket = useSocket();
  const connected = useConnectionState().status === "connected";
  const [changes, setChanges] = useState(0);
  const [listed, setListed] = useState<Ack<AccessTokenSummary[]> | null>(null);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    void sendCommand(socket, "token:list", {}).then((ack) => current && setListed(ack));
    return () => {
      current = false;
    };
  }, [socket, connected, changes, outsideChanges]);
  return { listed, reload: () => setChanges((count) => count + 1) };
}

/** One checkbox per scope, with what it allows. */
function ScopeChoice({ scopes, onChange }: { scopes: TokenScope[]; onChange: (scopes: TokenScope[]) => void }) {
  return (
    <fieldset className="grid w-full gap-2">
      <legend className="mb-1 text-sm font-medium">What the token may do</legend>
      {TOKEN_SCOPES.map((scope) => (
        <Field key={scope} hint={TOKEN_SCOPE_LABELS[scope].description} className="flex items-start gap-2.5 text-sm">
          <Checkbox
            checked={scopes.includes(scope)}
            onChange={(event) =>
              onChange(event.target.checked ? [...scopes, scope] : scopes.filter((chosen) => chosen !== scope))
            }
            className="mt-0.5"
          />
          <div>
            <Label>{TOKEN_SCOPE_LABELS[scope].label}</Label>
            <FieldHint />
          </div>
        </Field>
      ))}
    </fieldset>
  );
}

/** `onChanged`: a token was created or revoked here (the XMPP apps card lists some of them too). */
export function AccessTokens({ outsideChanges = 0, onChanged }: { outsideChanges?: number; onChanged?: () => void }) {
  const { listed, reload: reloadHere } = useTokenList(outsideChanges);
  const reload = () => {
    reloadHere();
    onChanged?.();
  };
  const create = useCommand("token:create");
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>([...DEFAULT_TOKEN_SCOPES]);
  const [created, setCreated] = useState<CreatedAccessToken | null>(null);
  const tokens = listed?.ok ? listed.data : null;

  return (
    <Card aria-labelledby="tokens-title">
      <h2 id="tokens-title" className="text-base font-semibold">
        Personal access tokens
      </h2>
      <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
        For scripts and bots: poll <code className="text-xs">GET /api/presence/&lt;username&gt;</code> with the header{" "}
        <code className="text-xs">Authorization: Bearer &lt;token&gt;</code>. A token acts as you, but only in what its
        scopes allow; it can never create or revoke tokens. Changing your password or signing out everywhere revokes every
        token. The whole HTTP API is described in{" "}
        <Link href="/developers" className="font-medium text-brand underline underline-offset-4 dark:text-indigo-300">
          API for developers
        </Link>
        .
      </p>
      <form
        noValidate
        className="mt-4 flex flex-wrap items-start gap-2"
        onSubmit={async (event) => {
          event.preventDefault();
          const ack = await create.run({ name, scopes });
          if (!ack.ok) return;
          setCreated(ack.data);
          setName("");
          setScopes([...DEFAULT_TOKEN_SCOPES]);
          reload();
        }}
      >
        <TextField
          label="Token name"
          placeholder="e.g. status script"
          value={name}
          onChange={(event) => {
            setName(event.target.value);
            create.reset();
          }}
          error={issueAt(create.error, "name")}
          className="min-w-56 flex-1"
        />
        <Button type="submit" className="mt-6.5" disabled={create.pending || name.trim() === "" || scopes.length === 0}>
          <PlusIcon />
          Create token
        </Button>
        <ScopeChoice
          scopes={scopes}
          onChange={(chosen) => {
            setScopes(chosen);
            create.reset();
          }}
        />
      </form>
      <FormError error={create.error} placed={(path) => path === "name"} className="mt-3" />
      {created ? <NewTokenSecret token={created} onDone={() => setCreated(null)} /> : null}
      <div className="mt-4">
        {tokens === null ? (
          listed ? null : <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading tokens…</p>
        ) : tokens.length === 0 ? (
          <p className="text-sm text-zinc-500 dark:text-zinc-400">No tokens yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" aria-label="Your tokens">
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} onRevoked={reload} />
            ))}
          </ul>
        )}
        <FormError error={listed?.ok === false ? listed.error : null} />
      </div>
    </Card>
  );
}
