// The presence service's notifier over socket.io: one room per account (`user:<id>`), so a
// notification reaches every tab of a watcher; one emit to the union of rooms sends one
// encoded packet to all watchers who share a view.
import type { PresenceNotifier } from "@/lib/presence/notifier";
import { type AppServer, userRoom } from "./types";

export function createSocketNotifier(): PresenceNotifier & { attach(io: AppServer): void } {
  let io: AppServer | undefined;
  return {
    attach(server) {
      io = server;
    },
    presenceChanged(watcherIds, view) {
      if (io && watcherIds.length > 0) io.to(watcherIds.map(userRoom)).emit("presence:changed", view);
    },
    buddyListChanged(userId, snapshot) {
      io?.to(userRoom(userId)).emit("buddylist:snapshot", snapshot);
    },
    watched(presentityId, notice) {
      io?.to(userRoom(presentityId)).emit("watchers:event", notice);
    },
    privacyChanged(userId, settings) {
      io?.to(userRoom(userId)).emit("privacy:changed", settings);
    },
  };
}
