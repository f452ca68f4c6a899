import { deviceTuplesOf, userTuplesOf } from "@/lib/client/presence/user-tuples";
import type { PresenceView } from "@/lib/protocol";
import { TupleAddress } from "./tuple-address";

/** A presentity's tuples as a watcher sees them: where to reach them, and which devices are on. */
export function PresenceDetails({ view }: { view: PresenceView }) {
  const addresses = userTuplesOf(view);
  const devices = deviceTuplesOf(view);
  if (addresses.length === 0 && devices.length === 0) return null;
  return (
    <dl className="grid gap-2 text-sm">
      {addresses.length > 0 ? (
        <div>
          <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Reach them</dt>
          <dd>
            <ul className="grid gap-0.5">
              {addresses.map((tuple) => (
                <TupleAddress key={tuple.id} tuple={tuple} />
              ))}
            </ul>
          </dd>
        </div>
      ) : null}
      {devices.length > 0 ? (
        <div>
          <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Devices</dt>
          <dd>
            <ul className="grid gap-0.5">
              {devices.map((tuple) => (
                <li key={tuple.id}>
                  {tuple.label ?? "A device"}
                  {tuple.idle ? <span className="text-zinc-500 dark:text-zinc-400"> · idle</span> : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      ) : null}
    </dl>
  );
}
