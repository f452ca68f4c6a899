import { describe, expect, it } from "vitest";
import type { PresenceView } from "@/lib/protocol";
import { createSocketNotifier } from "./notifier";
import type { AppServer } from "./types";

/** A stand-in for the socket.io server: rooms of socket ids, and the emits it was asked for. */
function fakeServer(rooms: Record<string, string[]>) {
  const emits: { rooms: string[]; except: string | null; event: string }[] = [];
  const adapterRooms = new Map(Object.entries(rooms).map(([room, sockets]) => [room, new Set(sockets)]));
  const io = {
    of: () => ({ adapter: { rooms: adapterRooms } }),
    local: {
      to: (to: string[]) => {
        const target = (except: string | null) => ({
          emit: (event: string) => emits.push({ rooms: to, except, event }),
          except: (socketId: string) => target(socketId),
        });
        return target(null);
      },
    },
  };
  return { io: io as unknown as AppServer, emits };
}

const view = { username: "bob", version: 1 } as unknown as PresenceView;

describe("socket notifier: presence notifications", () => {
  it("tells every tab of the watchers connected here", () => {
    const { io, emits } = fakeServer({ "user:alice": ["a1", "a2"], "user:carol": ["c1"] });
    const notifier = createSocketNotifier();
    notifier.attach(io);
    notifier.presenceChanged(["alice", "carol", "dave"], view);
    expect(emits).toEqual([{ rooms: ["user:alice", "user:carol"], except: null, event: "presence:changed" }]);
  });

  it("sends nothing when the only tab is the one whose snapshot carries the view", () => {
    const { io, emits } = fakeServer({ "user:alice": ["a1"] });
    const notifier = createSocketNotifier();
    notifier.attach(io);
    notifier.presenceChanged(["alice"], view, "a1");
    expect(emits).toEqual([]);
  });

  it("still tells the watcher's other tabs, not the one being sent its snapshot", () => {
    const { io, emits } = fakeServer({ "user:alice": ["a1", "a2"] });
    const notifier = createSocketNotifier();
    notifier.attach(io);
    notifier.presenceChanged(["alice"], view, "a2");
    expect(emits).toEqual([{ rooms: ["user:alice"], except: "a2", event: "presence:changed" }]);
  });
});
