// Delivery to XMPP resources, which keep no inbox cursor of their own (a web tab does): the
// server keeps one per resource, so each resource is sent a message once — at sign-in what came
// after its cursor (InboxService.catchUp), then live — whatever the delivery rules later decide
// about the message counting as delivered.
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
    /** What this resource is sent as it becomes available; its cursor moves past it. */
    async signedIn(owner: Owner, resource: string, limit: number): Promise<InstantMessage[]> {
      const caughtUp = await deps.inbox.catchUp(owner, await deps.cursors.get(owner.id, resource), limit);
      await deps.cursors.advance(owner.id, resource, caughtUp.cursor);
      return caughtUp.messages;
    },

    /** The resource was sent messages up to this seq live (told when its session ends: one write per session). */
    sent(owner: Owner, resource: string, seq: number): Promise<void> {
      return deps.cursors.advance(owner.id, resource, seq);
    },
  };
}
export type ResourceDelivery = ReturnType<typeof createResourceDelivery>;
