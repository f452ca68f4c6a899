import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GroupMessageView } from "@/lib/protocol/groups";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { GROUP, groupMessage, groupSnapshot, groupSummary } from "@/lib/client/testing/group-fixtures";
import { createGroupOutbox } from "./group-outbox";
import { createGroupStore } from "./group-store";

/** A server that stores each client id once and answers a retry with the stored message. */
function server() {
  const stored = new Map<string, GroupMessageView>();
  let seq = 10;
  return (payload: Record<string, unknown>) => {
    const clientId = String(payload.clientId);
    if (!stored.has(clientId)) {
      seq += 1;
      stored.set(clientId, groupMessage(seq, { direction: "outgoing", clientId, body: String(payload.body) }));
    }
    return stored.get(clientId);
  };
}

let ids = 0;
const newId = () => `c${(ids += 1)}`;

function setUp(answers: Parameters<typeof fakeSocket>[0]) {
  const store = createGroupStore();
  store.dispatch({ type: "snapshot", snapshot: groupSnapshot([groupSummary(groupMessage(10))]) });
  const fake = fakeSocket(answers);
  const outbox = createGroupOutbox(fake.socket as never, store, { newId, retryMs: 1_000 });
  outbox.attach();
  return { store, outbox, ...fake };
}

describe("createGroupOutbox", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows a message at once as sending, then the server's copy in the group", async () => {
    const { store, outbox, sentOf } = setUp({ "groupchat:send": server() });
    const clientId = outbox.send(GROUP, "  hello  ", { attachments: ["7d3f5a4e-2c1b-4d8e-9f60-1a2b3c4d5e6f"] });
    expect(store.getState().outbox).toMatchObject([{ clientId, groupId: GROUP, body: "hello", state: "sending" }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toEqual([]);
    expect(sentOf("groupchat:send")).toEqual([{ groupId: GROUP, clientId, body: "hello", attachments: ["7d3f5a4e-2c1b-4d8e-9f60-1a2b3c4d5e6f"] }]);
    expect(store.getState().groups[0]!.lastMessage?.clientId).toBe(clientId);
  });

  it("sends again with the same client id after a dropped connection: one message", async () => {
    const backend = server();
    let answer = false;
    const { store, outbox, socket, sentOf } = setUp({ "groupchat:send": (payload) => (answer ? backend(payload) : Promise.reject(new Error("operation has timed out"))) });
    const clientId = outbox.send(GROUP, "are you there?");
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox[0]!.state).toBe("sending");
    socket.drop();
    answer = true;
    socket.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("groupchat:send").map((payload) => payload.clientId)).toEqual([clientId, clientId]);
    expect(store.getState().outbox).toEqual([]);
  });

  it("keeps a refused message as failed with the reason, until Retry", async () => {
    let refuse = true;
    const backend = server();
    const { store, outbox } = setUp({
      "groupchat:send": (payload) => (refuse ? { ok: false, error: { code: "forbidden", message: "You are not in this group." } } : backend(payload)),
    });
    const clientId = outbox.send(GROUP, "hello");
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toMatchObject([{ clientId, state: "failed", error: { message: "You are not in this group." } }]);
    refuse = false;
    outbox.retry(clientId);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toEqual([]);
  });
});
