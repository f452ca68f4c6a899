import { describe, expect, it } from "vitest";
import { ErrorCode } from "@/lib/protocol/errors";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { createPeerPresence, newerView } from "./peer-presence";
import { offline, view } from "@/lib/client/testing/presence-fixtures";

/** Lets the awaited answers of a fake socket arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A promise the test resolves by hand: an answer held on the wire. */
function held<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe("newerView", () => {
  it("keeps the held view against an older one, and takes an equal or newer one", () => {
    expect(newerView(view("carol", { version: 3 }), view("carol", { version: 2 })).version).toBe(3);
    expect(newerView(view("carol", { version: 3 }), offline(view("carol", { version: 3 }))).status.basic).toBe("closed");
    expect(newerView(null, view("carol", { version: 1 })).version).toBe(1);
  });
});

describe("createPeerPresence", () => {
  it("follows a name while shown, stays live by notifications, and unfollows when released", async () => {
    const { socket, sentOf } = fakeSocket({
      "presence:fetch": () => view("carol", { version: 4 }),
      "presence:unfollow": () => null,
    });
    const peers = createPeerPresence(socket as never);
    peers.attach();
    const release = peers.follow("carol");
    expect(peers.get("carol")).toEqual({ view: null, loaded: false });
    await settle();
    expect(sentOf("presence:fetch")).toEqual([{ username: "carol", follow: true }]);
    expect(peers.get("carol")?.view?.version).toBe(4);

    socket.emit("presence:changed", offline(view("carol", { version: 5 })));
    expect(peers.get("carol")?.view?.status.basic).toBe("closed");
    socket.emit("presence:changed", view("carol", { version: 3 })); // late: dropped
    expect(peers.get("carol")?.view?.version).toBe(5);
    socket.emit("presence:changed", view("dave", { version: 9 })); // not followed
    expect(peers.get("dave")).toBeUndefined();

    release();
    release(); // twice is once
    await settle();
    expect(sentOf("presence:unfollow")).toEqual([{ username: "carol" }]);
    expect(peers.get("carol")).toBeUndefined();
  });

  it("asks once for several viewers, and unfollows after the last one goes", async () => {
    const { socket, sentOf } = fakeSocket({ "presence:fetch": () => view("carol"), "presence:unfollow": () => null });
    const peers = createPeerPresence(socket as never);
    peers.attach();
    const first = peers.follow("carol");
    const second = peers.follow("Carol");
    await settle();
    first();
    await settle();
    expect(sentOf("presence:fetch")).toHaveLength(1);
    expect(sentOf("presence:unfollow")).toHaveLength(0);
    second();
    await settle();
    expect(sentOf("presence:unfollow")).toHaveLength(1);
  });

  it("keeps a notification that overtook the answer when it is newer", async () => {
    const answer = held<unknown>();
    const { socket } = fakeSocket({ "presence:fetch": () => answer.promise });
    const peers = createPeerPresence(socket as never);
    peers.attach();
    peers.follow("carol");
    socket.emit("presence:changed", offline(view("carol", { version: 8 })));
    expect(peers.get("carol")?.loaded).toBe(false);
    answer.resolve(view("carol", { version: 7 }));
    await settle();
    expect(peers.get("carol")?.view).toMatchObject({ version: 8, status: { basic: "closed" } });
  });

  it("fetches again after a reconnect, and the answer replaces what it held whatever its version", async () => {
    let version = 40;
    const { socket, sentOf } = fakeSocket({ "presence:fetch": () => view("carol", { version: (version += 1) }) });
    const peers = createPeerPresence(socket as never);
    peers.attach();
    peers.follow("carol");
    await settle();
    expect(peers.get("carol")?.view?.version).toBe(41);
    socket.drop();
    version = 0; // a restarted server counts from 1 again
    socket.reconnect();
    await settle();
    expect(sentOf("presence:fetch")).toHaveLength(2);
    expect(peers.get("carol")?.view?.version).toBe(1);
  });

  it("waits for the connection before asking, and shows nobody for a name it may not see", async () => {
    const { socket, sentOf } = fakeSocket({
      "presence:fetch": () => ({ ok: false, error: { code: ErrorCode.not_found, message: "No account with that name." } }),
    });
    socket.connected = false;
    const peers = createPeerPresence(socket as never);
    peers.attach();
    peers.follow("mallory");
    await settle();
    expect(sentOf("presence:fetch")).toHaveLength(0);
    socket.reconnect();
    await settle();
    expect(peers.get("mallory")).toEqual({ view: null, loaded: true });
  });

  it("drops an answer that comes after the last viewer left, and forgets everyone on reset", async () => {
    const answer = held<unknown>();
    const { socket } = fakeSocket({ "presence:fetch": () => answer.promise, "presence:unfollow": () => null });
    const peers = createPeerPresence(socket as never);
    peers.attach();
    peers.follow("carol")();
    answer.resolve(view("carol"));
    await settle();
    expect(peers.get("carol")).toBeUndefined();

    const { socket: other } = fakeSocket({ "presence:fetch": () => view("dave") });
    const more = createPeerPresence(other as never);
    more.attach();
    more.follow("dave");
    await settle();
    let calls = 0;
    more.subscribe(() => (calls += 1));
    more.reset();
    expect(more.get("dave")).toBeUndefined();
    expect(calls).toBe(1);
    other.emit("presence:changed", view("dave", { version: 5 }));
    expect(more.get("dave")).toBeUndefined();
  });
});
