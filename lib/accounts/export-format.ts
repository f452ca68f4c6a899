// The format of "export my data" (documented in docs/export.md): one JSON document with
// everything the account owns, names instead of internal ids wherever a person is meant.
import type { ExportStore } from "@/lib/db/export-store";
import type { SubscriptionState } from "@/lib/protocol/buddy-list";
import { type AccountExport, EXPORT_FORMAT, EXPORT_VERSION } from "@/lib/protocol/export";
import type { AcceptFrom, MessageStatus } from "@/lib/protocol/im";
import type { Availability, TupleMeans } from "@/lib/protocol/presence";
import type { AccessRuleAction, SubjectType } from "@/lib/protocol/privacy";

type Collected = Awaited<ReturnType<ExportStore["collect"]>>;

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

function messageStatus(message: { deliveredAt: Date | null; readAt: Date | null }): MessageStatus {
  return message.readAt ? "read" : message.deliveredAt ? "delivered" : "sent";
}

/** Stored as text, written only by the services: the casts name what the columns hold. */
export function buildExport(data: Collected, now: Date): AccountExport {
  const { user, names } = data;
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    profile: { username: user.username, displayName: user.displayName, createdAt: user.createdAt.toISOString() },
    presence: {
      availability: (data.presentity?.availability ?? "available") as Availability,
      note: data.presentity?.note ?? null,
      statusExpiresAt: iso(data.presentity?.statusExpiresAt),
      lastSeenAt: iso(data.presentity?.lastSeenAt),
      appearOffline: data.presentity?.invisible ?? false,
      tuples: data.tuples.map(({ means, address, label, status }) => ({
        means: means as TupleMeans,
        address,
        label,
        status: status as "open" | "closed",
      })),
    },
    groups: data.groups.map((group) => ({
      name: group.name,
      members: group.members.map((member) => name(member.contactId)).filter((username) => username !== null),
    })),
    /** Whom I watch (my buddy list). */
    contacts: data.watching.map((row) => ({
      username: row.presentity.username,
      displayName: row.presentity.displayName,
      subscription: row.state as SubscriptionState,
      since: row.createdAt.toISOString(),
    })),
    /** Who watches me. */
    watchers: data.watchers.map((row) => ({
      username: row.watcher.username,
      subscription: row.state as SubscriptionState,
      since: row.createdAt.toISOString(),
    })),
    accessRules: data.rules.map((rule) => ({
      subject:
        rule.subjectType === "user"
          ? { type: "user" as const, username: name(rule.subjectId) }
          : { type: rule.subjectType as Exclude<SubjectType, "user">, id: rule.subjectId },
      action: rule.action as AccessRuleAction,
      hideLastSeen: rule.hideLastSeen,
      hiddenTuples: JSON.parse(rule.hiddenTupleIds) as string[],
    })),
    visibilityRules: data.visibility.map((rule) => ({
      presentity: rule.presentityId === "*" ? "*" : name(rule.presentityId),
      visibility: rule.visibility as "visible" | "hidden",
    })),
    /** Names only: a token's secret is never stored, so it cannot be exported. */
    accessTokens: data.tokens.map((token) => ({ name: token.name, createdAt: token.createdAt.toISOString(), lastUsedAt: iso(token.lastUsedAt) })),
    inbox: {
      settings: {
        acceptFrom: (data.inbox?.acceptFrom ?? "everyone") as AcceptFrom,
        readReceipts: data.inbox?.readReceipts ?? true,
        notifyWhileBusy: data.inbox?.notifyWhileBusy ?? false,
      },
      conversations: data.conversations.map((conversation) => ({
        peer: conversation.peer.username,
        state: conversation.state as "accepted" | "request" | "declined",
      })),
      messages: data.messages.map((message) => {
        const outgoing = message.sender.username === user.username;
        return {
          id: message.id,
          seq: message.seq,
          direction: outgoing ? ("outgoing" as const) : ("incoming" as const),
          peer: outgoing ? message.recipient.username : message.sender.username,
          body: message.body,
          sentAt: message.sentAt.toISOString(),
          deliveredAt: iso(message.deliveredAt),
          readAt: iso(message.readAt),
          status: messageStatus(message),
        };
      }),
    },
  };
}
