import { describe, expect, it, vi } from "vitest";
import { endSessionHere, leaveWhenSessionEnds, sessionEndNotice, signInPathAfter, type SessionEndCause } from "./session-end";

/** A connection state store as lib/client/connection/connection.ts has one. */
function fakeConnection() {
  let state: { status: string; ended?: SessionEndCause } = { status: "connected" };
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next: typeof state) {
      state = next;
      for (const listener of listeners) listener();
    },
  };
}

describe("the sign-in page after a session ended", () => {
  it("says why when it ended elsewhere or lapsed, and nothing after signing out here", () => {
    expect(signInPathAfter("revoked")).toBe("/login?ended=revoked");
    expect(signInPathAfter("expired")).toBe("/login?ended=expired");
    expect(signInPathAfter("signed_out")).toBe("/login");
    expect(sessionEndNotice("revoked")).toMatch(/password was changed .* Sign in again\.$/);
    expect(sessionEndNotice("expired")).toBe("Your session has ended. Sign in again.");
  });

  it("ignores what it does not know", () => {
    for (const ended of [undefined, "", "signed_out", "toString", "__proto__", ["revoked"]]) expect(sessionEndNotice(ended)).toBeUndefined();
  });
});

describe("leaveWhenSessionEnds", () => {
  it("clears the stores, then leaves once, for the page that says why", () => {
    const connection = fakeConnection();
    const calls: string[] = [];
    leaveWhenSessionEnds(connection, { clear: () => calls.push("clear"), leave: (path) => calls.push(`leave ${path}`) });
    connection.set({ status: "reconnecting" });
    expect(calls).toEqual([]);
    connection.set({ status: "signed-out", ended: "revoked" });
    connection.set({ status: "signed-out", ended: "revoked" });
    expect(calls).toEqual(["clear", "leave /login?ended=revoked"]);
  });

  it("acts at once on a connection already signed out, and not after it is stopped", () => {
    const signedOut = fakeConnection();
    signedOut.set({ status: "signed-out", ended: "expired" });
    const leave = vi.fn();
    leaveWhenSessionEnds(signedOut, { clear: () => {}, leave });
    expect(leave).toHaveBeenCalledWith("/login?ended=expired");

    const connection = fakeConnection();
    const later = vi.fn();
    leaveWhenSessionEnds(connection, { clear: later, leave: later })();
    connection.set({ status: "signed-out", ended: "revoked" });
    expect(later).not.toHaveBeenCalled();
  });

  it("leaves for the page of an end this tab caused itself (deleting the account), until undone", () => {
    const undo = endSessionHere("/login?deleted=1");
    const ending = fakeConnection();
    const leave = vi.fn();
    leaveWhenSessionEnds(ending, { clear: () => {}, leave });
    ending.set({ status: "signed-out", ended: "revoked" });
    expect(leave).toHaveBeenCalledWith("/login?deleted=1");

    undo();
    const later = fakeConnection();
    const leaveLater = vi.fn();
    leaveWhenSessionEnds(later, { clear: () => {}, leave: leaveLater });
    later.set({ status: "signed-out", ended: "revoked" });
    expect(leaveLater).toHaveBeenCalledWith("/login?ended=revoked");
  });
});
