// RFC 6121 §3–4 presence from the client. Available presence sets the account's status
// (`show` → availability, `status` → note) — the first one only if it says something, so an app
// signing in does not reset a status set in the web app — and starts the flow of contacts'
// presence. Subscription stanzas are the web app's requests and answers; a probe is a fetch
// (counted in watcher information). A name that does not exist, or whose owner blocks the
// sender, gets nothing back at all: the request vanishes.
import { localAccount } from "../jid";
import { contactJid, presenceStanza } from "../outbound";
import { availabilityOfShow, presenceOfView } from "../presence-map";
import type { PresenceStanza } from "../stanza";
import type { HandlerContext, PresenceHandler } from "./context";

async function quietly(action: () => Promise<unknown>) {
  try {
    await action();
  } catch {
    // Unknown, blocked, refused, or nothing to answer: XMPP hears nothing either way.
  }
}

async function ownPresence(presence: PresenceStanza, { session, services }: HandlerContext) {
  const first = !session.available;
  const saysSomething = presence.show !== undefined || presence.status !== undefined;
  if (!first || saysSomething) {
    await services.presence.setStatus(session.user, {
      availability: availabilityOfShow(presence.show),
      note: presence.status?.trim().slice(0, 200) || null,
      expiresAt: null,
    });
  }
  await session.becameAvailable();
}

export const presenceHandler: PresenceHandler = async (presence, context) => {
  const { session, services, domain } = context;
  if (presence.type === "available" && !presence.to) return ownPresence(presence, context);
  // Unavailable presence to the server: out of every room too (RFC 6121 §4.5.2, XEP-0045 §7.14).
  if (presence.type === "unavailable" && !presence.to) return session.rooms.leaveAll();
  if (presence.type === "unavailable" || presence.type === "error" || presence.type === "available") return;
  const username = localAccount(presence.to, domain);
  if (!username || username === session.user.username) return;
  const { user } = session;
  switch (presence.type) {
    case "subscribe":
      return quietly(() => services.subscriptions.request(user, username));
    case "subscribed":
      return quietly(() => services.subscriptions.respond(user, username, true));
    case "unsubscribed":
      return quietly(() => services.subscriptions.respond(user, username, false));
    case "unsubscribe":
      return quietly(() => services.subscriptions.remove(user, username));
    case "probe":
      return quietly(async () => {
        const view = await services.presence.fetch(user, username);
        session.send(presenceStanza(contactJid(view.username, domain), session.jid, presenceOfView(view)));
      });
  }
};

