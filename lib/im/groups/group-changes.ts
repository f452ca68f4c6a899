// Changes to group messages already stored: reactions, edits and deletion for everyone, under
// the one-to-one rules (rules/message-changes.ts: your own message, within 24 hours; no
// reaction from a request not accepted). Each member who has the message hears of the change as
// it sees the message; a reaction never reaches someone either side of a block from the reactor.
// Changes move no seq: a tab that was away reloads history (catching up on group changes is a
// later slice).
import type { SessionUser } from "@/lib/accounts/account-service";
import type { GroupConversationStore, StoredGroupMessage } from "@/lib/db/groups/group-store";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { GroupMessageView } from "@/lib/protocol/groups";
import { type ChangeRefusal, refuseReaction, refuseRewrite } from "../rules/message-changes";
import { type GroupContext, type GroupReader, holdsHistory } from "./group-reader";
import { currentMembers } from "./group-views";
import type { GroupNotifier } from "./notifier";
import { messageVisibility, seqInRange } from "./rules/visibility";

type Actor = Pick<SessionUser, "id" | "username">;

const noMessage = () => new ServiceError(ErrorCode.not_found, "There is no such message.");
const refused = (refusal: ChangeRefusal) => new ServiceError(ErrorCode[refusal.code], refusal.message);

export function createGroupChanges(deps: {
  store: GroupConversationStore;
  reader: GroupReader;
  notifier: GroupNotifier;
  /** A message was deleted for everyone: its files may now be orphaned (collected). */
  onRetracted?: () => Promise<unknown>;
  now?: () => number;
}) {
  const { store, reader, notifier } = deps;
  const now = deps.now ?? Date.now;

  /** The message as the actor has it: in its range and shown to it; else it does not exist, to the actor. */
  async function target(actor: Actor, messageId: string) {
    const message = await store.byId(messageId);
    const context = message && (await reader.load(message.groupId));
    const own = context?.member(actor.id);
    if (!message || !context || !holdsHistory(own) || message.event !== null || !seqInRange(reader.rangeOf(own), message.seq)) {
      throw noMessage();
    }
    const visibility = messageVisibility({
      systemLine: false,
      viewerIsSender: message.senderId === actor.id,
      viewerBlocksSender: context.blocks(actor.id, message.senderId),
      senderBlocksViewer: context.blocks(message.senderId, actor.id),
    });
    if (visibility !== "shown") throw noMessage();
    if (own.state !== "member" && own.state !== "invited") throw new ServiceError(ErrorCode.forbidden, "You are no longer in this group.");
    return { message, context, own };
  }

  /** Tells each member who has the message how it looks now; the acting tab has its answer. */
  async function fanOut(context: GroupContext, messageId: string, actorId: string, origin: string | undefined, reaction: boolean) {
    const fresh = (await store.byId(messageId))!;
    let answer: GroupMessageView | undefined;
    for (const member of currentMembers(context.members)) {
      if (!seqInRange(reader.rangeOf(member), fresh.seq)) continue;
      if (reaction && member.userId !== actorId && (context.blocks(member.userId, actorId) || context.blocks(actorId, member.userId))) continue;
      const [view] = await reader.views(context, member.userId, [fresh]);
      if (!view) continue;
      if (member.userId === actorId) answer = view;
      notifier.groupMessageChanged(member.userId, { message: view }, member.userId === actorId ? origin : undefined);
    }
    return answer!;
  }

  const facts = (actor: Actor, message: StoredGroupMessage, state: string) => ({
    own: message.senderId === actor.id,
    retracted: message.retractedAt !== null,
    sentAt: message.sentAt,
    now: now(),
    actorState: state === "invited" ? ("request" as const) : ("accepted" as const),
  });

  return {
    async react(actor: Actor, input: { messageId: string; emoji: string; on: boolean }, origin?: string): Promise<GroupMessageView> {
      const { message, context, own } = await target(actor, input.messageId);
      const refusal = refuseReaction(facts(actor, message, own.state));
      if (refusal) throw refused(refusal);
      await store.react(message.seq, actor.id, input.emoji, input.on, new Date(now()));
      return fanOut(context, message.id, actor.id, origin, true);
    },

    async edit(actor: Actor, input: { messageId: string; body: string }, origin?: string): Promise<GroupMessageView> {
      const { message, context, own } = await target(actor, input.messageId);
      const refusal = refuseRewrite(facts(actor, message, own.state), "edit");
      if (refusal) throw refused(refusal);
      if (message.body !== input.body) await store.edit(message.seq, input.body, new Date(now()));
      return fanOut(context, message.id, actor.id, origin, false);
    },

    async retract(actor: Actor, input: { messageId: string }, origin?: string): Promise<GroupMessageView> {
      const { message, context, own } = await target(actor, input.messageId);
      // A retry of a deletion already done answers the tombstone.
      if (message.retractedAt !== null && message.senderId === actor.id) return fanOut(context, message.id, actor.id, origin, false);
      const refusal = refuseRewrite(facts(actor, message, own.state), "delete");
      if (refusal) throw refused(refusal);
      await store.retract(message.seq, new Date(now()));
      await deps.onRetracted?.();
      return fanOut(context, message.id, actor.id, origin, false);
    },
  };
}
export type GroupChanges = ReturnType<typeof createGroupChanges>;
