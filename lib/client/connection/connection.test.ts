import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createConnection } from "./connection";
import { fakeSocket } from "@/lib/client/testing/fake-socket";

/** A fake socket with the parts of socket.io's the connection drives. */
function connectionSocket() {
  const fake = fakeSocket();
  const socket = Object.assign(fake.socket, {
    active: true,
    connect: vi.fn(),
    disconnect: vi.fn(),
    io: { on: vi.fn() },
  });
  return { socket, connection: createConnection(socket as never) };
}

describe("createConnection when the session ends", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("is signed out for good when the server ends the session, and never retries", async () => {
    const { socket, connection } = connectionSocket();
    socket.emit("connect");
    socket.emit("session:ready", { user: { username: "alice" }, deviceId: "d", protocolVersion: 1, serverTime: "" });
    socket.emit("session:ended", { reason: "revoked" });
    // The server closes the socket right after; that must not read as "reconnecting".
    socket.emit("disconnect", "io server disconnect");
    socket.emit("connect_error", new Error("transport"));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(connection.getState()).toMatchObject({ status: "signed-out", ended: "revoked", session: undefined });
    expect(connection.getState().error).toMatch(/signed out from elsewhere/);
    expect(socket.disconnect).toHaveBeenCalled();
    expect(socket.connect).not.toHaveBeenCalled();
  });

  it("tells listeners once, and keeps the cause the server gave", () => {
    const { socket, connection } = connectionSocket();
    const listener = vi.fn();
    connection.subscribe(listener);
    socket.emit("session:ended", { reason: "signed_out" });
    socket.emit("session:ended", { reason: "revoked" });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(connection.getState().ended).toBe("signed_out");
  });

  it("reads a refusal at reconnect as a lapsed session", () => {
    const { socket, connection } = connectionSocket();
    socket.emit("connect_error", Object.assign(new Error("You are not signed in."), { data: { code: "unauthorized" } }));
    expect(connection.getState()).toMatchObject({ status: "signed-out", ended: "expired" });
  });

  it("is not signed out when the server only shuts down: it reconnects", async () => {
    const { socket, connection } = connectionSocket();
    socket.emit("connect");
    socket.emit("session:ended", { reason: "shutdown" });
    socket.emit("disconnect", "io server disconnect");
    expect(connection.getState().status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(5_000);
    expect(socket.connect).toHaveBeenCalled();
  });
});

describe("createConnection when the network comes back", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("window", new EventTarget());
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("tries again at once on the browser's `online` event, dropping socket.io's backoff wait", () => {
    const { socket, connection } = connectionSocket();
    connection.open();
    socket.emit("connect");
    socket.connected = false;
    socket.emit("disconnect", "transport close");
    window.dispatchEvent(new Event("offline"));
    expect(connection.getState().status).toBe("offline");
    socket.connect.mockClear();
    window.dispatchEvent(new Event("online"));
    // At once, not after the backoff: the pending wait is cancelled, then a new try starts.
    expect(socket.disconnect).toHaveBeenCalledTimes(1);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    expect(connection.getState().status).toBe("reconnecting");
  });

  it("does not reconnect on `online` while connected (it reads as connected again), nor once signed out", () => {
    const { socket, connection } = connectionSocket();
    connection.open();
    socket.connected = true;
    socket.emit("connect");
    window.dispatchEvent(new Event("offline"));
    socket.connect.mockClear();
    window.dispatchEvent(new Event("online"));
    expect(socket.connect).not.toHaveBeenCalled();
    expect(connection.getState().status).toBe("connected");
    socket.connected = false;
    socket.emit("session:ended", { reason: "revoked" });
    window.dispatchEvent(new Event("online"));
    expect(socket.connect).not.toHaveBeenCalled();
  });
});
