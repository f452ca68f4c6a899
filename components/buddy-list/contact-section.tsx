import { useId } from "react";
import type { ContactSection as Section } from "@/lib/client/buddy-list/buddy-list-sections";
import type { ContactGroup } from "@/lib/protocol";
import { ContactRow } from "./contact-row";

/** One group of the buddy list, with how many of its contacts are online. */
type Props = { section: Section; groups: ContactGroup[]; onChooseGroups: (username: string) => void };

export function ContactSection({ section, groups, onChooseGroups }: Props) {
  const nameId = useId();
  return (
    <section aria-labelledby={nameId} data-testid="contact-section">
      <h3 className="flex items-baseline gap-1.5 border-b border-zinc-200 pb-1 text-sm font-semibold dark:border-zinc-800">
        <span id={nameId}>{section.name}</span>
        <span className="font-normal text-zinc-500 dark:text-zinc-400" data-testid="online-count">
          · {section.online}/{section.contacts.length} online
        </span>
      </h3>
      {section.contacts.length > 0 ? (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {section.contacts.map((contact) => (
            <ContactRow key={contact.username} contact={contact} groups={groups} onChooseGroups={onChooseGroups} />
          ))}
        </ul>
      ) : (
        <p className="py-2 text-sm text-zinc-500 dark:text-zinc-400">No one in this group yet.</p>
      )}
    </section>
  );
}
