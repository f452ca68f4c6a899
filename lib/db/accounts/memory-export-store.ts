// The export store in memory (the contract: export-store.ts), over memory-tables.ts.
import { type MemoryTables, sortBy } from "../memory-tables";
import type { ExportStore } from "./export-store";

export function createMemoryExportStore(tables: MemoryTables): ExportStore {
  const account = (id: string) => tables.users.find((row) => row.id === id);
  const nameOf = (id: string) => account(id)?.username ?? "";

  return {
    async collect(userId) {
      const user = account(userId);
      if (!user) throw new Error(`No account ${userId}`);
      const groups = sortBy(
        tables.groups.filter((group) => group.ownerId === userId),
        (group) => group.position,
      ).map((group) => ({ ...group, members: tables.members.filter((member) => member.groupId === group.id).map((member) => ({ ...member })) }));
      const rules = sortBy(
        tables.rules.filter((rule) => rule.ownerId === userId),
        (rule) => rule.position,
      ).map((rule) => ({ ...rule, hiddenTupleIds: JSON.stringify(rule.hiddenTupleIds) }));
      const visibility = tables.visibility.filter((rule) => rule.watcherId === userId).map((rule) => ({ ...rule }));
      const ids = new Set([
        ...groups.flatMap((group) => group.members.map((member) => member.contactId)),
        ...rules.filter((rule) => rule.subjectType === "user" && rule.subjectId).map((rule) => rule.subjectId!),
        ...visibility.filter((rule) => rule.presentityId !== "*").map((rule) => rule.presentityId),
      ]);
      const inbox = tables.inboxes.find((row) => row.userId === userId);
      const pushPreference = tables.pushPreferences.find((row) => row.userId === userId);
      const quietHours = tables.quietHours.find((row) => row.userId === userId);
      return {
        user: { username: user.username, displayName: user.displayName, createdAt: user.createdAt },
        presentity: tables.presentities.find((row) => row.userId === userId) ?? null,
        tuples: sortBy(
          tables.tuples.filter((tuple) => tuple.userId === userId),
          (tuple) => tuple.position,
        ),
        groups,
        watching: tables.subscriptions
          .filter((row) => row.watcherId === userId)
          .map((row) => ({ ...row, presentity: { username: nameOf(row.presentityId), displayName: account(row.presentityId)?.displayName ?? "" } })),
        watchers: tables.subscriptions
          .filter((row) => row.presentityId === userId)
          .map(({ watcherId, state, createdAt }) => ({ watcherId, state, createdAt })),
        rules,
        visibility,
        tokens: sortBy(
          tables.tokens.filter((row) => row.userId === userId),
          (row) => row.createdAt,
        ),
        inbox: inbox ? { ...inbox } : null,
        conversations: tables.conversations
          .filter((row) => row.ownerId === userId)
          .map((row) => ({ ...row, peer: { username: nameOf(row.peerId) } })),
        messages: sortBy(
          tables.messages.filter(
            (message) => (message.senderId === userId && !message.deletedBySender) || (message.recipientId === userId && !message.deletedByRecipient),
          ),
          (message) => message.seq,
        ).map((message) => ({ ...message, sender: { username: nameOf(message.senderId) }, recipient: { username: nameOf(message.recipientId) } })),
        pushDevices: sortBy(
          sortBy(
            tables.pushSubscriptions.filter((row) => row.userId === userId),
            (row) => row.id,
          ),
          (row) => row.createdAt,
        ).map(({ userAgent, createdAt }) => ({ userAgent, createdAt })),
        pushPreference: pushPreference ? { showText: pushPreference.showText } : null,
        quietHours: quietHours ? { zone: quietHours.zone, ranges: quietHours.ranges } : null,
        names: new Map([...ids].filter((id) => account(id)).map((id) => [id, nameOf(id)])),
      };
    },
  };
}
