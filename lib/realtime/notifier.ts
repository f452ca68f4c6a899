// The presence and instant message services' notifier over socket.io: one room per account
// (`user:<id>`), so a notification reaches every tab of a watcher or inbox owner; one emit to
// the union of rooms sends one encoded packet to all watchers who share a view.
import type { ProfileNotifier, SessionNotifier, SuspensionNotifier } from "@/lib/accounts/notifier";
import type { GroupNotifier } from "@/lib/im/groups/notifier";
import type { InboxNotifier } from "@/lib/im/notifier";
import type { PresenceNotifier } from "@/lib/presence/notifier";
import type { VisibleTabs } from "@/lib/push/push-service";
import { type AppServer, sessionRoom, userRoom, visibleTabRoom } from "./types";

/** Whether a room holds a socket other than `except` (a connecting tab told by its snapshot). */
const hasSocketBut = (room: ReadonlySet<string> | undefined, except: string | undefined) =>
  room !== undefined && (except === undefined || room.size > (room.has(except) ? 1 : 0));

/** Told how many messages each delivery receipt covers (the metrics), when they are on. */
export type NotifierObserver = { messagesDelivered(count: number): void };

export function createSocketNotifier(observer?: NotifierObserver): PresenceNotifier &
  InboxNotifier &
  GroupNotifier &
  SessionNotifier &
  ProfileNotifier &
  SuspensionNotifier &
  VisibleTabs & { attach(io: AppServer): void } {
  let io: AppServer | undefined;
  const visibleTabHere = (userId: string) => (io?.of("/").adapter.rooms.get(visibleTabRoom(userId))?.size ?? 0) > 0;
  return {
    attach(server) {
      io = server;
    },
    presenceChanged(watcherIds, view, exceptConnection) {
      // Local only: in a cluster every instance tells the watchers connected to it, from the
      // views and versions it gave them (lib/presence/watcher-views.ts). Watchers here only by
      // another transport (XMPP) have no room: nothing is encoded for nobody.
      if (!io) return;
      const rooms = io.of("/").adapter.rooms;
      const here = watcherIds.map(userRoom).filter((room) => hasSocketBut(rooms.get(room), exceptConnection));
      if (here.length === 0) return;
      const to = io.local.to(here);
      (exceptConnection ? to.except(exceptConnection) : to).emit("presence:changed", view);
    },
    buddyListChanged(userId, snapshot) {
      if (io?.of("/").adapter.rooms.has(userRoom(userId))) io.local.to(userRoom(userId)).emit("buddylist:snapshot", snapshot);
    },
    connectedHere(userId) {
      // The adapter's rooms are this instance's own sockets, with or without Redis.
      return (io?.of("/").adapter.rooms.get(userRoom(userId))?.size ?? 0) > 0;
    },
    visibleTabHere,
    async visibleTabOpen(userId) {
      if (!io) return false;
      // This instance's own tabs first; in a cluster the others are asked through the adapter.
      if (visibleTabHere(userId)) return true;
      return (await io.in(visibleTabRoom(userId)).fetchSockets()).length > 0;
    },
    watched(presentityId, notice) {
      io?.to(userRoom(presentityId)).emit("watchers:event", notice);
    },
    privacyChanged(userId, settings) {
      io?.to(userRoom(userId)).emit("privacy:changed", settings);
    },
    messageReceived(userId, received, exceptConnection) {
      const room = io?.to(userRoom(userId));
      (exceptConnection ? room?.except(exceptConnection) : room)?.emit("im:received", received);
    },
    messageStatus(userId, update) {
      // Every message marked delivered is told to its sender here, once, on one instance.
      if (update.status === "delivered") observer?.messagesDelivered(update.ids.length);
      io?.to(userRoom(userId)).emit("im:status", update);
    },
    typing(userId, notice) {
      io?.to(userRoom(userId)).emit("im:typing", notice);
    },
    conversationChanged(userId, summary) {
      io?.to(userRoom(userId)).emit("im:conversation-changed", summary);
    },
    conversationRemoved(userId, peer) {
      io?.to(userRoom(userId)).emit("im:conversation-removed", { peer });
    },
    messagesDeleted(userId, deleted) {
      io?.to(userRoom(userId)).emit("im:deleted", deleted);
    },
    messageChanged(userId, changed, exceptConnection) {
      const room = io?.to(userRoom(userId));
      (exceptConnection ? room?.except(exceptConnection) : room)?.emit("im:message-changed", changed);
    },
    groupReceived(userIds, received, exceptConnection) {
      if (userIds.length === 0) return;
      const room = io?.to(userIds.map(userRoom));
      (exceptConnection ? room?.except(exceptConnection) : room)?.emit("groupchat:received", received);
    },
    groupChanged(userId, summary) {
      io?.to(userRoom(userId)).emit("groupchat:changed", summary);
    },
    groupRemoved(userId, groupId) {
      io?.to(userRoom(userId)).emit("groupchat:removed", { groupId });
    },
    groupTyping(userId, notice) {
      io?.to(userRoom(userId)).emit("groupchat:typing", notice);
    },
    groupReceiptsChanged(userId, changed) {
      io?.to(userRoom(userId)).emit("groupchat:receipts-changed", changed);
    },
    groupMessageChanged(userId, changed, exceptConnection) {
      const room = io?.to(userRoom(userId));
      (exceptConnection ? room?.except(exceptConnection) : room)?.emit("groupchat:message-changed", changed);
    },
    sessionsEnded(sessionIds, reason) {
      if (!io || sessionIds.length === 0) return;
      const rooms = sessionIds.map(sessionRoom);
      // Tell the tabs why, then close them (queued packets are written before the close).
      io.to(rooms).emit("session:ended", { reason });
      io.in(rooms).disconnectSockets(true);
    },
    accountsSuspended(userIds) {
      if (!io || userIds.length === 0) return;
      const rooms = userIds.map(userRoom);
      io.to(rooms).emit("session:ended", { reason: "revoked" });
      io.in(rooms).disconnectSockets(true);
    },
    profileChanged(user) {
      io?.to(userRoom(user.id)).emit("profile:changed", user);
    },
    inboxSettingsChanged(userId, settings) {
      io?.to(userRoom(userId)).emit("im:settings-changed", settings);
    },
  };
}
