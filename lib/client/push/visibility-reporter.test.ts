import { describe, expect, it } from "vitest";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { reportVisibility } from "./visibility-reporter";

function page(state: DocumentVisibilityState) {
  const target = Object.assign(new EventTarget(), { visibilityState: state });
  const set = (next: DocumentVisibilityState) => {
    target.visibilityState = next;
    target.dispatchEvent(new Event("visibilitychange"));
  };
  return { target, set };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("reportVisibility", () => {
  it("says where the tab stands on every connection and on every change", async () => {
    const fake = fakeSocket({ "tab:set-visibility": () => null });
    const { target, set } = page("visible");
    const stop = reportVisibility(fake.socket as never, target);
    fake.socket.emit("session:ready", {});
    set("hidden");
    set("visible");
    await settle();
    expect(fake.sentOf("tab:set-visibility")).toEqual([{ visible: true }, { visible: false }, { visible: true }]);
    stop();
    set("hidden");
    await settle();
    expect(fake.sentOf("tab:set-visibility")).toHaveLength(3);
  });

  it("says nothing while disconnected: the next connection reports the state then", async () => {
    const fake = fakeSocket({ "tab:set-visibility": () => null });
    const { target, set } = page("visible");
    reportVisibility(fake.socket as never, target);
    fake.socket.drop();
    set("hidden");
    await settle();
    expect(fake.sentOf("tab:set-visibility")).toEqual([]);
    fake.socket.reconnect();
    fake.socket.emit("session:ready", {});
    await settle();
    expect(fake.sentOf("tab:set-visibility")).toEqual([{ visible: false }]);
  });
});
