// Delivery to XMPP resources, which keep no inbox cursor of their own (a web tab does): the
// server keeps one per resource, so each resource is sent a message once — at sign-in what came
// after its cursor (InboxService.catchUp), then live — whatever the delivery rules later decide
// about the message counting as delivered. The cursor moves only past what the resource has
// (under stream management: acknowledged), so what a dropped connection lost comes again.
import type { SessionUser } from "@/lib/accounts/account-service";
import type { XmppCursorStore } from "@/lib/db/xmpp/cursor-store";
import type { InstantMessage } from "@/lib/protocol/im";
import type { createInboxService } from "./inbox-service";

type Owner = Pick<SessionUser, "id" | "username">;

export function createResourceDelivery(deps: {
  inbox: Pick<ReturnType<typeof createInboxService>, "catchUp">;
  cursors: XmppCursorStore;
}) {
  return {
    /** What this resource is sent as it becomes available, and where its cursor goes once it has all of it. */
    async catchUp(owner: Owner, resource: string, limit: number): Promise<{ messages: InstantMessage[]; cursor: number }> {
      return deps.inbox.catchUp(owner, await deps.cursors.get(owner.id, resource), limit);
    },

    /** The resource has the messages up to this seq (told when its session ends: one write per session). */
    sent(owner: Owner, resource: string, seq: number): Promise<void> {
      return deps.cursors.advance(owner.id, resource, seq);
    },
  };
}
export type ResourceDelivery = ReturnType<typeof createResourceDelivery>;
