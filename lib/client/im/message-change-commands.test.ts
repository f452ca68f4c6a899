import { describe, expect, it } from "vitest";
import { fakeSocket } from "@/lib/client/testing/fake-socket";
import { message } from "@/lib/client/testing/inbox-fixtures";
import { createInboxStore } from "./inbox-store";
import { createMessageChangeCommands } from "./message-change-commands";

describe("message change commands", () => {
  it("sends again with the same client id while there is no answer, then applies the answer", async () => {
    let attempts = 0;
    const edited = message(4, { body: "edited" });
    const { socket, sentOf } = fakeSocket({
      "im:edit": () => {
        attempts += 1;
        if (attempts < 2) throw new Error("operation has timed out");
        return edited;
      },
    });
    const store = createInboxStore();
    const result = await createMessageChangeCommands(socket as never, store).edit(edited.id, "edited");
    expect(result).toEqual({ ok: true, message: edited });
    const ids = sentOf("im:edit").map((payload) => payload.clientId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  it("stops at a refusal and says why", async () => {
    const refusal = { ok: false, error: { code: "forbidden", message: "You can only edit your own messages." } };
    const { socket, sentOf } = fakeSocket({ "im:retract": () => refusal });
    const result = await createMessageChangeCommands(socket as never, createInboxStore()).retract(message(4).id);
    expect(result).toEqual(refusal);
    expect(sentOf("im:retract")).toHaveLength(1);
  });
});
