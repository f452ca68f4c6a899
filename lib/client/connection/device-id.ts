// The id of this tab's device tuple, kept in sessionStorage (one per tab, kept across
// reloads) so a reload continues the same tuple and watchers see no flicker. The server
// chooses the id; we only remember what session:ready said.
import { handshakeAuthSchema } from "@/lib/protocol/events";

const KEY = "buddylist.deviceId";

type SessionStorageLike = Pick<Storage, "getItem" | "setItem">;

const defaultStorage = (): SessionStorageLike | undefined => {
  try {
    return typeof sessionStorage === "undefined" ? undefined : sessionStorage;
  } catch {
    return undefined; // storage disabled by the browser's privacy settings
  }
};

/** The stored id, if it is one the handshake accepts (a bad value would refuse every connect). */
export function storedDeviceId(storage = defaultStorage()): string | undefined {
  try {
    const value = storage?.getItem(KEY);
    return handshakeAuthSchema.shape.deviceId.safeParse(value).success && value ? value : undefined;
  } catch {
    return undefined;
  }
}

export function rememberDeviceId(deviceId: string, storage = defaultStorage()) {
  try {
    storage?.setItem(KEY, deviceId);
  } catch {
    // Full or disabled storage: the next reload just starts a new device tuple.
  }
}
