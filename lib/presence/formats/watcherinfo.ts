// Watcher information as an RFC 3858 document. Subscription states map to the RFC 3857
// state machine; a fetch is, in those terms, a subscription that ends at once, so fetchers
// and pollers appear as terminated by timeout. Hidden watchers never appear; withheld names
// (reciprocity) appear as anonymous watchers. Pure.
import { createHash } from "node:crypto";
import type { WatcherInformation, WatcherRow } from "@/lib/protocol/privacy";
import { escapeXml } from "./xml";

export const WATCHERINFO_MEDIA_TYPE = "application/watcherinfo+xml";
const ANONYMOUS = "im:anonymous@anonymous.invalid";

function statusAndEvent(row: WatcherRow): { status: string; event: string } {
  switch (row.subscription) {
    case "active":
      return { status: "active", event: "approved" };
    case "pending":
      return { status: "pending", event: "subscribe" };
    case "denied":
      return { status: "terminated", event: "rejected" };
    case "ended":
      return { status: "terminated", event: "deactivated" };
    default:
      return { status: "terminated", event: "timeout" };
  }
}

export function toWatcherinfo(info: WatcherInformation, presentity: { username: string; host: string }, now: Date): string {
  const resource = `pres:${presentity.username}@${presentity.host}`;
  const watchers = info.rows.map((row, index) => {
    const { status, event } = statusAndEvent(row);
    const uri = row.username ? `im:${row.username}` : ANONYMOUS;
    const id = createHash("sha256").update(`${resource}|${row.username ?? `anonymous-${index}`}`).digest("hex").slice(0, 16);
    const attributes = [`id="${id}"`, `status="${status}"`, `event="${event}"`];
    if (row.displayName) attributes.push(`display-name="${escapeXml(row.displayName)}"`);
    const subscribed = row.kinds.subscribe;
    if (subscribed && (row.subscription === "active" || row.subscription === "pending")) {
      const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(subscribed.firstAt)) / 1000));
      attributes.push(`duration-subscribed="${seconds}"`);
    }
    return `    <watcher ${attributes.join(" ")}>${escapeXml(uri)}</watcher>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<watcherinfo xmlns="urn:ietf:params:xml:ns:watcherinfo" version="0" state="full">`,
    `  <watcher-list resource="${escapeXml(resource)}" package="presence">`,
    ...watchers,
    "  </watcher-list>",
    "</watcherinfo>",
    "",
  ].join("\n");
}
