// A presence view as a PIDF document (RFC 3863), with RPID (RFC 4480) for availability and
// idleness and the data model (RFC 4479) for device ids. It carries exactly what the view
// carries — the same access evaluation decided both. Pure.
import type { PresenceView, TupleView } from "@/lib/protocol/presence";
import { escapeXml, xmlId } from "./xml";

export const PIDF_MEDIA_TYPE = "application/pidf+xml";

const NAMESPACES =
  'xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model" ' +
  'xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"';

/** Free text is not a URI, so such tuples carry their text as a note instead of a contact. */
const isUri = (contact: string) => /^[a-z][a-z0-9+.-]*:\S+$/i.test(contact);

function tupleXml(tuple: TupleView): string {
  const lines = [`  <tuple id="${xmlId("t", tuple.id)}">`, `    <status><basic>${tuple.status}</basic></status>`];
  if (tuple.kind === "device") {
    lines.push(`    <dm:deviceID>urn:uuid:${escapeXml(tuple.id)}</dm:deviceID>`);
    if (tuple.idle !== undefined) lines.push(`    <rpid:user-input>${tuple.idle ? "idle" : "active"}</rpid:user-input>`);
  }
  if (isUri(tuple.contact)) lines.push(`    <contact>${escapeXml(tuple.contact)}</contact>`);
  const note = isUri(tuple.contact) ? tuple.label : [tuple.label, tuple.contact].filter(Boolean).join(": ");
  if (note) lines.push(`    <note>${escapeXml(note)}</note>`);
  lines.push(`    <timestamp>${tuple.since}</timestamp>`, "  </tuple>");
  return lines.join("\n");
}

/**
 * When no device tuple is shown (offline, or a limited view), one tuple still says whether
 * the instant inbox is open. A limited view gets no address.
 */
function inboxTupleXml(view: PresenceView): string {
  const lines = [`  <tuple id="im">`, `    <status><basic>${view.status.basic ?? "closed"}</basic></status>`];
  if (view.access === "full") lines.push(`    <contact>im:${escapeXml(view.username)}</contact>`);
  if (view.status.lastSeenAt) lines.push(`    <timestamp>${view.status.lastSeenAt}</timestamp>`);
  lines.push("  </tuple>");
  return lines.join("\n");
}

export function toPidf(view: PresenceView, host: string): string {
  const parts = [`<?xml version="1.0" encoding="UTF-8"?>`, `<presence ${NAMESPACES} entity="pres:${escapeXml(view.username)}@${escapeXml(host)}">`];
  const hasDevice = view.tuples.some((tuple) => tuple.kind === "device");
  if (!hasDevice) parts.push(inboxTupleXml(view));
  parts.push(...view.tuples.map(tupleXml));
  if (view.status.note) parts.push(`  <note>${escapeXml(view.status.note)}</note>`);
  const availability = view.status.availability;
  if (availability === "away" || availability === "busy") {
    const until = view.status.expiresAt ? ` until="${view.status.expiresAt}"` : "";
    parts.push(
      `  <dm:person id="${xmlId("p", view.username)}">`,
      `    <rpid:activities${until}><rpid:${availability}/></rpid:activities>`,
      "  </dm:person>",
    );
  }
  parts.push("</presence>", "");
  return parts.join("\n");
}
