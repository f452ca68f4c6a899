// How the buddy list is laid out: one section per contact group in the person's order (a
// contact in several groups appears in each), then the contacts in no group; online first.
import type { Contact, ContactGroup } from "@/lib/protocol";

export type ContactSection = {
  /** The group's id, or null for the contacts in no group. */
  groupId: string | null;
  name: string;
  contacts: Contact[];
  online: number;
};

export const isOnline = (contact: Contact) => contact.presence.status.basic === "open";

const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

/** Online before offline and pending; then by name. */
export function compareContacts(a: Contact, b: Contact): number {
  const online = Number(isOnline(b)) - Number(isOnline(a));
  if (online !== 0) return online;
  return collator.compare(a.presence.displayName, b.presence.displayName) || a.username.localeCompare(b.username);
}

function section(groupId: string | null, name: string, contacts: Contact[]): ContactSection {
  return { groupId, name, contacts: [...contacts].sort(compareContacts), online: contacts.filter(isOnline).length };
}

/** `groups` must be in the person's order (the store keeps them sorted by position). */
export function buddyListSections(contacts: Contact[], groups: ContactGroup[]): ContactSection[] {
  if (groups.length === 0) return contacts.length > 0 ? [section(null, "Contacts", contacts)] : [];
  const known = new Set(groups.map((group) => group.id));
  const sections = groups.map((group) =>
    section(
      group.id,
      group.name,
      contacts.filter((contact) => contact.groupIds.includes(group.id)),
    ),
  );
  const ungrouped = contacts.filter((contact) => !contact.groupIds.some((id) => known.has(id)));
  if (ungrouped.length > 0) sections.push(section(null, "Ungrouped", ungrouped));
  return sections;
}
