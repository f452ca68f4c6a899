// Resource binding (RFC 6120 §7.7) as this server does it, pure. A resource the client asks for
// is kept when it is free, and names the device tuple, so that the same app coming back within
// the grace period is the same device (watchers see nothing, as for a reloaded tab). Only when
// the account already has that resource bound does the server add a suffix (§7.7.2.2, "assign a
// different resourcepart").
import { nameBasedUuid } from "./client-id";

const MAX_RESOURCE = 64;
/** Printable characters, letters, digits and spaces: what a resource shows up as (a device label). */
const RESOURCE = /^[\x21-\x7e\p{L}\p{N} ]+$/u;

/** The resource the client asked for, or null when it asked for none or for one that is not acceptable. */
export function requestedResource(text: string | null | undefined): string | null {
  const asked = text?.trim();
  if (!asked || asked.length > MAX_RESOURCE || !RESOURCE.test(asked)) return null;
  return asked;
}

/** The device a resource of this account stands for: the same resource is the same device. */
export const deviceIdOfResource = (userId: string, resource: string) => nameBasedUuid(`xmpp-resource:${userId}:${resource}`);

/**
 * The resource bound: the one asked for when the presence service gave the device it stands for,
 * else (that device is already connected: a conflict) the resource with the new device's suffix.
 */
export function boundResource(asked: string, askedDeviceId: string, deviceId: string): string {
  return deviceId === askedDeviceId ? asked : `${asked}-${deviceId.slice(0, 8)}`;
}
