"use client";
// Where this account is signed in: each browser with its rough address and last activity.
// Signing one out closes its tabs' live connections at once (the server does that).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { endOtherSessions, endSession, type SessionSummary } from "@/lib/client/account/account-api";
import { roughlyWhere, signedOutEverywhere, sortSessions } from "@/lib/client/account/session-display";
import { formatTimeAgo } from "@/lib/client/format/relative-time";
import { useApiAction } from "@/lib/client/react/use-api";
import type { ProtocolError } from "@/lib/protocol/errors";
import { LocalTime } from "./local-time";

type Props = {
  sessions: SessionSummary[];
  loadError: ProtocolError | null;
  onChanged: () => void;
};

function SessionRow({ session, onEnded }: { session: SessionSummary; onEnded: (device: string) => void }) {
  const end = useApiAction(endSession);
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-3" data-testid="session" data-current={session.current}>
      <div className="min-w-0 flex-1 text-sm">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {session.device}
          {session.current ? (
            <span className="rounded-full bg-brand/10 px-2 py-0.5 text-xs font-medium text-brand-strong dark:bg-indigo-400/15 dark:text-indigo-300">
              This device
            </span>
          ) : null}
        </p>
        <p className="text-xs text-zinc-500 dark:text-zinc-400">
          {roughlyWhere(session.address)} · last active{" "}
          {session.current ? "now" : <LocalTime iso={session.lastActiveAt} format={formatTimeAgo} />} · signed in{" "}
          <LocalTime iso={session.createdAt} />
        </p>
      </div>
      {session.current ? null : (
        <Button
          variant="outline"
          size="sm"
          aria-label={`Sign out ${session.device}, ${roughlyWhere(session.address)}`}
          disabled={end.pending}
          onClick={async () => {
            if ((await end.run(session.id)).ok) onEnded(session.device);
          }}
        >
          Sign out
        </Button>
      )}
      <FormError error={end.error} className="w-full" />
    </li>
  );
}

export function SignedInSessions({ sessions, loadError, onChanged }: Props) {
  const endOthers = useApiAction(endOtherSessions);
  const [done, setDone] = useState("");
  const others = sessions.filter((session) => !session.current).length;

  return (
    <Card aria-labelledby="sessions-title">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="sessions-title" className="text-base font-semibold">
            Signed-in sessions
          </h2>
          <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
            Browsers where you are signed in. Sign out any you don’t recognise, then change your password.
          </p>
        </div>
        <ConfirmButton
          title="Sign out everywhere else?"
          description="Every other browser and device signed in to your account is signed out at once, and every personal access token is revoked (scripts and bots using them stop). This one stays signed in."
          confirmLabel="Sign out everywhere else"
          disabled={others === 0 || endOthers.pending}
          triggerProps={{ variant: "outline" }}
          onConfirm={async () => {
            const ack = await endOthers.run();
            if (!ack.ok) return;
            setDone(signedOutEverywhere(ack.data));
            onChanged();
          }}
        >
          Sign out everywhere else
        </ConfirmButton>
      </div>
      <FormError error={endOthers.error ?? loadError} className="mt-3" />
      <p role="status" className="mt-3 text-sm font-medium text-emerald-700 empty:hidden dark:text-emerald-400">
        {done}
      </p>
      <ul className="mt-2 divide-y divide-zinc-100 dark:divide-zinc-800/70" aria-label="Your sessions">
        {sortSessions(sessions).map((session) => (
          <SessionRow
            key={session.id}
            session={session}
            onEnded={(device) => {
              setDone(`Signed out ${device}.`);
              onChanged();
            }}
          />
        ))}
      </ul>
    </Card>
  );
}
