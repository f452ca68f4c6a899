import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { InstantMessage } from "@/lib/protocol";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { message } from "@/lib/client/testing/inbox-fixtures";
import { createInboxStore } from "./inbox-store";
import { createOutbox } from "./outbox";

/** A server that stores each client id once and answers a retry with the stored message. */
function server() {
  const stored = new Map<string, InstantMessage>();
  let seq = 100;
  return {
    stored,
    "im:send": (payload: Record<string, unknown>) => {
      const clientId = String(payload.clientId);
      if (!stored.has(clientId)) {
        seq += 1;
        stored.set(clientId, message(seq, { direction: "outgoing", clientId, peer: String(payload.to), body: String(payload.body) }));
      }
      return stored.get(clientId);
    },
  };
}

let ids = 0;
const newId = () => `c${(ids += 1)}`;

describe("createOutbox", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shows a message at once as sending, then sent with the server's copy", async () => {
    const store = createInboxStore();
    const backend = server();
    const { socket, sentOf } = fakeSocket({ "im:send": backend["im:send"] });
    const outbox = createOutbox(socket as never, store, { newId });
    outbox.attach();
    const clientId = outbox.send("bob", "  hello  ");
    expect(store.getState().outbox).toMatchObject([{ clientId, peer: "bob", body: "hello", state: "sending" }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toEqual([]);
    expect(sentOf("im:send")).toEqual([{ to: "bob", clientId, body: "hello" }]);
    expect(store.getState().cursor).toBe(101);
  });

  it("sends a message's uploads with it, an empty caption included, and the same ones again on a retry", async () => {
    const store = createInboxStore();
    const backend = server();
    const { socket, sentOf } = fakeSocket({ "im:send": backend["im:send"] });
    const outbox = createOutbox(socket as never, store, { newId });
    outbox.attach();
    const uploads = ["7d3f5a4e-2c1b-4d8e-9f60-1a2b3c4d5e6f"];
    const clientId = outbox.send("bob", "", { attachments: uploads });
    expect(store.getState().outbox).toMatchObject([{ clientId, body: "", attachments: uploads }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:send")).toEqual([{ to: "bob", clientId, body: "", attachments: uploads }]);
  });

  it("settles `answered` once the server answered the message, not before", async () => {
    const store = createInboxStore();
    let answer: (value: unknown) => void = () => {};
    const backend = server();
    const { socket } = fakeSocket({ "im:send": (payload) => new Promise((resolve) => (answer = () => resolve(backend["im:send"](payload)))) });
    const outbox = createOutbox(socket as never, store, { newId });
    outbox.attach();
    let settled = false;
    void outbox.answered(outbox.send("bob", "hi")).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(settled).toBe(false);
    answer(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(true);
  });

  it("keeps unacknowledged messages and resends them with the same client id after a reconnect, stored once", async () => {
    const store = createInboxStore();
    const backend = server();
    let lose = true;
    const { socket, sentOf } = fakeSocket({
      "im:send": (payload) => {
        const stored = backend["im:send"](payload);
        // The first attempt is stored, but the connection drops before its ack arrives.
        if (lose) {
          lose = false;
          socket.drop();
          throw new Error("transport close");
        }
        return stored;
      },
    });
    const outbox = createOutbox(socket as never, store, { newId });
    outbox.attach();
    const first = outbox.send("bob", "one");
    await vi.advanceTimersByTimeAsync(0);
    const second = outbox.send("bob", "two"); // written while offline
    await vi.advanceTimersByTimeAsync(10_000);
    expect(store.getState().outbox.map((entry) => [entry.clientId, entry.state])).toEqual([
      [first, "sending"],
      [second, "sending"],
    ]);
    socket.reconnect();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toEqual([]);
    expect(sentOf("im:send").map((payload) => payload.clientId)).toEqual([first, first, second]);
    expect([...backend.stored.keys()]).toEqual([first, second]);
  });

  it("sends one message at a time, in the order they were written", async () => {
    const store = createInboxStore();
    const backend = server();
    const waiting: (() => void)[] = [];
    const { socket, sentOf } = fakeSocket({
      "im:send": (payload) => new Promise((resolve) => waiting.push(() => resolve(backend["im:send"](payload)))),
    });
    const outbox = createOutbox(socket as never, store, { newId });
    outbox.attach();
    outbox.send("bob", "first");
    outbox.send("carol", "second");
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:send").map((payload) => payload.body)).toEqual(["first"]);
    waiting.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(sentOf("im:send").map((payload) => payload.body)).toEqual(["first", "second"]);
    waiting.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect([...backend.stored.values()].map((stored) => stored.seq)).toEqual([101, 102]);
  });

  it("marks a refused message failed with the reason, goes on with the next, and resends it on Retry", async () => {
    const store = createInboxStore();
    const backend = server();
    let refuse = true;
    const { socket, sentOf } = fakeSocket({
      "im:send": (payload) => {
        if (refuse && payload.body === "too fast") {
          refuse = false;
          return { ok: false, error: { code: "rate_limited", message: "Slow down", retryAfter: 12 } };
        }
        return backend["im:send"](payload);
      },
    });
    const outbox = createOutbox(socket as never, store, { newId });
    outbox.attach();
    const refused = outbox.send("bob", "too fast");
    outbox.send("bob", "next");
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toMatchObject([{ clientId: refused, state: "failed", error: { code: "rate_limited", retryAfter: 12 } }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sentOf("im:send")).toHaveLength(2); // not retried by itself
    outbox.retry(refused);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().outbox).toEqual([]);
    expect(sentOf("im:send").map((payload) => payload.clientId)).toEqual([refused, expect.any(String), refused]);
  });

  it("tries again soon when a connected server does not answer", async () => {
    const store = createInboxStore();
    const backend = server();
    let silent = true;
    const { socket, sentOf } = fakeSocket({
      "im:send": (payload) => {
        if (silent) {
          silent = false;
          throw new Error("operation has timed out");
        }
        return backend["im:send"](payload);
      },
    });
    const outbox = createOutbox(socket as never, store, { newId, retryMs: 3_000 });
    outbox.attach();
    outbox.send("bob", "hello?");
    await vi.advanceTimersByTimeAsync(2_999);
    expect(store.getState().outbox).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.getState().outbox).toEqual([]);
    expect(new Set(sentOf("im:send").map((payload) => payload.clientId)).size).toBe(1);
  });
});
