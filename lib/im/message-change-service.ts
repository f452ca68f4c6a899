// Changes to messages already stored: reactions (either side), edits and deletions for everyone
// (the sender, within 24 hours). Each change is logged with a change seq, so devices that were
// away catch up with it (InboxService.sync, `changesAfter`); open tabs of both sides hear of it
// at once. A change never reaches a peer who blocks the actor or holds its messages back: it
// stays on the actor's side (hidden), and the actor sees its own change as usual, so it cannot
// tell. A retried command (same client id) is the same change, applied once.
import type { SessionUser } from "@/lib/accounts/account-service";
import {
  type ChangeKind,
  type ChangeLookup,
  DuplicateChangeError,
  type MessageChangeStore,
  type MessageDetails,
} from "@/lib/db/im/message-change-store";
import type { MessageStore } from "@/lib/db/im/message-store";
import type { PresenceAccess } from "@/lib/presence/presence-access";
import type { PresenceState, PresentityEntry } from "@/lib/presence/presence-state";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { InstantMessage } from "@/lib/protocol/im";
import { holds, viewerCopy } from "./change-views";
import type { InboxReader } from "./inbox-reader";
import type { InboxNotifier } from "./notifier";
import { evaluateDelivery } from "./rules/delivery";
import { type ChangeFacts, type ChangeRefusal, changeHidden, refuseReaction, refuseRewrite } from "./rules/message-changes";

type Actor = Pick<SessionUser, "id" | "username">;

type Sides = NonNullable<ChangeLookup["message"]>;

type Request = { messageId: string; clientId: string } & (
  | { kind: "edit"; body: string }
  | { kind: "retract" }
  | { kind: "react"; emoji: string; on: boolean }
);

const noMessage = () => new ServiceError(ErrorCode.not_found, "There is no such message.");

const refused = (refusal: ChangeRefusal) =>
  new ServiceError(refusal.code === "forbidden" ? ErrorCode.forbidden : ErrorCode.not_found, refusal.message);

export function createMessageChangeService(deps: {
  state: Pick<PresenceState, "get" | "loadVisibility">;
  presence: Pick<PresenceAccess, "blocks">;
  messages: Pick<MessageStore, "bySeq">;
  changes: MessageChangeStore;
  reader: Pick<InboxReader, "messagesFor" | "messageForSides">;
  notifier: Pick<InboxNotifier, "messageChanged">;
  /** A message was deleted for everyone: its attachments may now be orphaned (collected). */
  onRetracted?: () => Promise<unknown>;
  now?: () => number;
}) {
  const { state, presence, messages, changes, reader, notifier } = deps;
  const now = deps.now ?? Date.now;

  /** The message as the owner has it now. */
  async function viewFor(ownerId: string, seq: number): Promise<InstantMessage> {
    const [view] = await reader.messagesFor(ownerId, await messages.bySeq([seq]));
    if (!view) throw noMessage();
    return view;
  }

  /** Whether the peer's delivery rules keep the actor's changes from it (a block, a decline, a refusal). */
  function hiddenFromPeer(actorId: string, entry: PresentityEntry | null, sides: Sides): boolean {
    if (!entry) return true;
    return changeHidden(
      evaluateDelivery({
        blocked: presence.blocks(entry, actorId),
        acceptFrom: sides.peerSettings.acceptFrom,
        senderIsContact: entry.relations.isContact(actorId),
        conversationState: sides.peerSide?.state ?? null,
      }),
    );
  }

  /** A retry gets the message as it is now; a client id reused for another change is a conflict. */
  async function again(actor: Actor, earlier: { messageSeq: number; kind: ChangeKind }, request: Request, details?: MessageDetails) {
    if (earlier.kind !== request.kind || (details && details.seq !== earlier.messageSeq)) {
      throw new ServiceError(ErrorCode.conflict, "This clientId belongs to another change: use a new one for every change.", {
        issues: [{ path: "clientId", message: "Already used for another change." }],
      });
    }
    return viewFor(actor.id, earlier.messageSeq);
  }

  async function change(actor: Actor, request: Request, origin?: string): Promise<InstantMessage> {
    // One read for everything the change decides on (a retry, the message, both sides'
    // conversations and settings); the peer's presentity (contacts, rules) is in memory.
    const [{ earlier, message: sides }] = await Promise.all([
      changes.changeFacts(actor.id, request.messageId, request.clientId),
      state.loadVisibility([actor.id]), // rules about hidden watchers need it
    ]);
    if (earlier) return again(actor, earlier, request, sides?.details);
    if (!sides || !holds(sides.details, actor.id)) throw noMessage();
    const { details, peerId, actorSide, peerSide } = sides;
    const entry = await state.get(peerId);
    const facts: ChangeFacts = {
      own: details.senderId === actor.id,
      retracted: viewerCopy(details, actor.id).retracted,
      sentAt: details.sentAt,
      now: now(),
      actorState: actorSide?.state ?? null,
    };
    const refusal =
      request.kind === "react" ? refuseReaction(facts) : refuseRewrite(facts, request.kind === "edit" ? "edit" : "delete");
    if (refusal) throw refused(refusal);

    const hidden = hiddenFromPeer(actor.id, entry, sides);
    const base = { messageSeq: details.seq, actorId: actor.id, peerId, hidden, clientId: request.clientId, at: new Date(now()) };
    let changeSeq: number;
    try {
      changeSeq = await changes.apply(
        request.kind === "edit"
          ? { ...base, kind: "edit", body: request.body }
          : request.kind === "retract"
            ? { ...base, kind: "retract" }
            : { ...base, kind: "react", emoji: request.emoji, on: request.on },
      );
    } catch (error) {
      // A retry that raced the first attempt: the first one applied it.
      const raced = error instanceof DuplicateChangeError ? await changes.findChange(actor.id, request.clientId) : null;
      if (!raced) throw error;
      return again(actor, raced, request, details);
    }

    // Both sides' views from one read of the message as it is now.
    const tellPeer = !hidden && holds(details, peerId);
    const usernames = new Map([
      [actor.id, actor.username],
      [peerId, entry?.doc.username ?? ""],
    ]);
    const [view, peerView] = await reader.messageForSides(
      { ...details, attached: sides.attached },
      [
        { ownerId: actor.id, conversation: actorSide, readReceipts: sides.actorSettings.readReceipts },
        ...(tellPeer ? [{ ownerId: peerId, conversation: peerSide, readReceipts: sides.peerSettings.readReceipts }] : []),
      ],
      usernames,
    );
    if (!view) throw noMessage();
    notifier.messageChanged(actor.id, { message: view, changeSeq }, origin);
    if (peerView) notifier.messageChanged(peerId, { message: peerView, changeSeq });
    if (request.kind === "retract") await deps.onRetracted?.();
    return view;
  }

  return {
    /** Adds (on) or removes (off) the actor's reaction with one emoji. */
    react(actor: Actor, input: { messageId: string; emoji: string; on: boolean; clientId: string }, origin?: string) {
      return change(actor, { kind: "react", ...input }, origin);
    },
    /** Rewrites the actor's own message in place for both sides: the earlier text is not kept. */
    edit(actor: Actor, input: { messageId: string; body: string; clientId: string }, origin?: string) {
      return change(actor, { kind: "edit", ...input }, origin);
    },
    /** Deletes the actor's own message for everyone: a tombstone with no body stays. */
    retract(actor: Actor, input: { messageId: string; clientId: string }, origin?: string) {
      return change(actor, { kind: "retract", ...input }, origin);
    },
  };
}
export type MessageChangeService = ReturnType<typeof createMessageChangeService>;
