"use client";
// My PRESENCE TUPLES: the addresses I publish (editable) and my connected devices (read-only).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PencilIcon } from "@/components/ui/icons";
import { deviceTuplesOf, userTuplesOf } from "@/lib/client/presence/user-tuples";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { useConnectionState } from "@/lib/client/react/use-connection-state";
import type { PresenceView } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { TupleAddress } from "./tuple-address";
import { TupleEditor } from "./tuple-editor";

function AddressList({ me }: { me: PresenceView }) {
  const tuples = userTuplesOf(me);
  if (tuples.length === 0) {
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">No addresses yet: add a phone number, email or web page your contacts can use.</p>;
  }
  return (
    <ol className="grid gap-1.5 text-sm" data-testid="my-addresses">
      {tuples.map((tuple) => (
        <TupleAddress key={tuple.id} tuple={tuple} />
      ))}
    </ol>
  );
}

function DeviceList({ me }: { me: PresenceView }) {
  const thisDevice = useConnectionState().session?.deviceId;
  const devices = deviceTuplesOf(me);
  if (devices.length === 0) return <p className="text-sm text-zinc-500 dark:text-zinc-400">No device connected.</p>;
  return (
    <ul className="grid gap-1 text-sm" data-testid="my-devices">
      {devices.map((device) => (
        <li key={device.id}>
          {device.label ?? "A device"}
          {device.id === thisDevice ? <span className="font-medium"> — this tab</span> : null}
          {device.idle ? <span className="text-zinc-500 dark:text-zinc-400"> · idle</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function MyTuples({ className }: { className?: string }) {
  const { me } = useBuddyList();
  const [editing, setEditing] = useState(false);
  return (
    <Card aria-labelledby="my-tuples-title" className={cn("p-5", className)}>
      <div className="flex items-center justify-between gap-2">
        <h2 id="my-tuples-title" className="text-base font-semibold">
          How to reach me
        </h2>
        {me && !editing ? (
          <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
            <PencilIcon />
            Edit addresses
          </Button>
        ) : null}
      </div>
      {me ? (
        <div className="mt-3 grid gap-5">
          {editing ? <TupleEditor me={me} onDone={() => setEditing(false)} /> : <AddressList me={me} />}
          <section aria-labelledby="my-devices-title" className="grid gap-1.5">
            <h3 id="my-devices-title" className="text-sm font-semibold">
              My devices
            </h3>
            <DeviceList me={me} />
          </section>
        </div>
      ) : (
        <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>
      )}
    </Card>
  );
}
