// The format of "export my data" (documented in docs/export.md): one JSON document with
// everything the account owns, names instead of internal ids wherever a person is meant.
import type { ExportStore } from "@/lib/db/accounts/export-store";
import { parseStoredQuietHours } from "@/lib/db/presence/quiet-hours-store";
import { deviceLabel } from "@/lib/presence/rules/device-label";
import type { ShownWatcher } from "@/lib/presence/watcher-info";
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

/** What the account may see of other people, decided by the services that show it elsewhere. */
export type ExportViews = {
  /** Each watcher as watcher information shows it to me (hidden watchers only counted, reciprocity applied). */
  watchers: Map<string, ShownWatcher>;
  /** The people my rules name whom I may know of: a rule about one who blocks me reads as about a deleted account. */
  knownPeople: Set<string>;
};

export function buildExport(data: Collected, now: Date, views: ExportViews): AccountExport {
  const { user, names } = data;
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const listed = data.watchers.flatMap((row) => {
    const shown = views.watchers.get(row.watcherId);
    return shown && !shown.counted ? [{ row, username: shown.username }] : [];
  });
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
      quietHours: data.quietHours ? parseStoredQuietHours(data.quietHours.zone, data.quietHours.ranges) : null,
    },
    push: {
      showText: data.pushPreference?.showText ?? true,
      devices: data.pushDevices.map((device) => ({
        device: deviceLabel(device.userAgent ?? undefined),
        subscribedAt: device.createdAt.toISOString(),
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
    /** Who watches me, as watcher information shows them: no names when I hide my own watching. */
    watchers: listed.map(({ row, username }) => ({
      username,
      subscription: row.state as SubscriptionState,
      since: row.createdAt.toISOString(),
    })),
    /** Watchers who hide their watching from me: counted, never named. */
    hiddenWatchers: data.watchers.filter((row) => views.watchers.get(row.watcherId)?.counted).length,
    accessRules: data.rules
      .filter((rule) => rule.subjectType !== "user" || views.knownPeople.has(rule.subjectId ?? ""))
      .map((rule) => ({
        subject:
          rule.subjectType === "user"
            ? { type: "user" as const, username: name(rule.subjectId) }
            : { type: rule.subjectType as Exclude<SubjectType, "user">, id: rule.subjectId },
        action: rule.action as AccessRuleAction,
        hideLastSeen: rule.hideLastSeen,
        hiddenTuples: JSON.parse(rule.hiddenTupleIds) as string[],
      })),
    visibilityRules: data.visibility.filter((rule) => rule.presentityId === "*" || views.knownPeople.has(rule.presentityId)).map((rule) => ({
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
        pinnedAt: iso(conversation.pinnedAt),
        muted: conversation.muted,
        markedUnread: conversation.markedUnread,
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
