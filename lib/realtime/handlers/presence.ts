// Presence commands: the PRESENCE USER AGENT (status, idle, tuples, quiet hours) and the fetcher.
import type { SomeCommandHandlers } from "../command";

/** Most presentities one socket follows at once: a conversation view follows one. */
const MAX_FOLLOWS_PER_SOCKET = 20;

export const presenceHandlers = {
  "presence:set-status": (input, { services, user }) => services.presence.setStatus(user, input),
  "presence:clear-status": (_input, { services, user }) => services.presence.clearStatus(user),
  "presence:set-idle": async ({ idle }, { services, user, device }) => {
    await services.presence.setIdle(user.id, await device, idle);
    return null;
  },
  "presence:set-tuples": (input, { services, user }) => services.presence.setUserTuples(user, input),
  "presence:fetch": async ({ username, follow }, context) => {
    const { services, user } = context;
    if (!follow || context.follows?.has(username)) return services.presence.fetch(user, username);
    const follows = (context.follows ??= new Set());
    if (follows.size >= MAX_FOLLOWS_PER_SOCKET) {
      // The oldest follow ends: a tab moving from conversation to conversation keeps going.
      const oldest = follows.values().next().value!;
      follows.delete(oldest);
      await services.presence.unfollow(user, oldest);
    }
    const view = await services.presence.follow(user, username);
    follows.add(username);
    return view;
  },
  "presence:get-quiet-hours": (_input, { services, user }) => services.presence.getQuietHours(user),
  "presence:set-quiet-hours": ({ quietHours }, { services, user }) => services.presence.setQuietHours(user, quietHours),
  "presence:unfollow": async ({ username }, { services, user, follows }) => {
    if (follows?.delete(username)) await services.presence.unfollow(user, username);
    return null;
  },
} satisfies SomeCommandHandlers;
