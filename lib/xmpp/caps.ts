// XEP-0115 entity capabilities of the server: the verification string hashes its disco#info
// identity and features (§5.1), so a client that saw this `ver` before needs no disco#info
// query. Announced in the stream features (§6.3); the same info answers a query on `node#ver`.
import { createHash } from "node:crypto";
import xml from "@xmpp/xml";

export const CAPS_NS = "http://jabber.org/protocol/caps";
export const CAPS_NODE = "https://buddylist.invalid/xmpp";

export type Identity = { category: string; type: string; lang?: string; name?: string };

/** §5.1: identities then features, sorted, each followed by '<', hashed with SHA-1, in base64. */
export function verificationString(identities: readonly Identity[], features: readonly string[]): string {
  const ids = identities.map((id) => `${id.category}/${id.type}/${id.lang ?? ""}/${id.name ?? ""}`).sort();
  const text = [...ids, ...[...new Set(features)].sort()].map((part) => `${part}<`).join("");
  return createHash("sha1").update(text, "utf8").digest("base64");
}

/** The <c/> element of an entity with this ver. */
export const capsElement = (ver: string) => xml("c", { xmlns: CAPS_NS, hash: "sha-1", node: CAPS_NODE, ver });
