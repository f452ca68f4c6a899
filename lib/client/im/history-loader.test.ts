import { describe, expect, it } from "vitest";
import type { InstantMessage } from "@/lib/protocol";
import { createHistoryLoader } from "./history-loader";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { message } from "@/lib/client/testing/inbox-fixtures";
import { createInboxStore } from "./inbox-store";

/** bob's conversation on the server: seqs 1…total, pages newest first below `beforeSeq`. */
function conversation(total: number) {
  const all: InstantMessage[] = Array.from({ length: total }, (_, index) => message(index + 1));
  return (payload: Record<string, unknown>) => {
    const before = typeof payload.beforeSeq === "number" ? payload.beforeSeq : Infinity;
    const older = all.filter((each) => each.seq < before).toReversed();
    const limit = Number(payload.limit);
    return { messages: older.slice(0, limit), hasMore: older.length > limit };
  };
}

function setup(total: number) {
  const store = createInboxStore();
  const fake = fakeSocket({ "im:history": conversation(total) });
  const confirmed: string[] = [];
  const loader = createHistoryLoader(fake.socket as never, store, { confirm: (ids) => confirmed.push(...ids) });
  return { store, loader, confirmed, ...fake };
}

describe("createHistoryLoader", () => {
  it("loads the newest page once however many ask at the same time, and confirms what it brings", async () => {
    const { store, loader, sentOf, confirmed } = setup(60);
    await Promise.all([loader.loadNewest("bob"), loader.loadNewest("bob")]);
    expect(sentOf("im:history")).toHaveLength(1);
    const history = store.getState().histories.get("bob");
    expect(history).toMatchObject({ phase: "ready", hasMore: true });
    expect(history?.messages.map((each) => each.seq)).toEqual(Array.from({ length: 50 }, (_, index) => index + 11));
    expect(confirmed).toHaveLength(50);
  });

  it("loads older pages below the oldest loaded, and stops when there are none", async () => {
    const { store, loader, sentOf } = setup(60);
    await loader.loadNewest("bob");
    await loader.loadOlder("bob");
    await loader.loadOlder("bob");
    expect(sentOf("im:history").map((payload) => payload.beforeSeq)).toEqual([undefined, 11]);
    expect(store.getState().histories.get("bob")?.messages).toHaveLength(60);
  });

  it("pages back to a message found by search", async () => {
    const { loader, sentOf } = setup(180);
    expect(await loader.loadBackTo("bob", 20)).toBe(true);
    expect(sentOf("im:history").map((payload) => payload.beforeSeq)).toEqual([undefined, 131, 81, 31]);
    expect(await loader.loadBackTo("bob", 500)).toBe(false);
  });
});
