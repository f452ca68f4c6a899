// Which client addresses count as one for rate limits and for "an address the owner signed in
// from before". An IPv4 address is itself; an IPv6 address is its /64, because one home or
// phone gets a whole /64 and picks new addresses in it at will (RFC 4941), so counting single
// IPv6 addresses would let one client pose as millions.
import { isIPv4, isIPv6 } from "node:net";

/** The rate-limit key of a client address: `203.0.113.7`, `2001:db8:1:2::/64`, or as given. */
export function clientNetwork(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(trimmed)) return trimmed;
  const bare = trimmed.replace(/%.*$/, "");
  if (!isIPv6(bare)) return trimmed;
  return `${expandIPv6(bare).slice(0, 4).join(":")}::/64`;
}

/** The eight groups of an IPv6 address, without leading zeros (an embedded IPv4 becomes two). */
function expandIPv6(address: string): string[] {
  const withoutV4 = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) => {
    const high = ((Number(a) << 8) | Number(b)).toString(16);
    const low = ((Number(c) << 8) | Number(d)).toString(16);
    return `${high}:${low}`;
  });
  const [head = "", tail] = withoutV4.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((group) => group.replace(/^0+(?=.)/, ""));
}

/** Whether two client addresses are the same network in the sense above. */
export const sameNetwork = (a: string, b: string): boolean => clientNetwork(a) === clientNetwork(b);
