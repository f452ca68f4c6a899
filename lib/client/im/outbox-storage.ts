// Messages still in the outbox survive a reload of the tab: they are kept in sessionStorage
// (this tab's, gone when it closes) and sent again, with their client ids, once the reloaded
// page connects. The server stores each client id once, so a message that had in fact been
// stored is not stored twice.
import { z } from "zod";
import { errorBodySchema } from "@/lib/protocol/errors";
import type { OutboxEntry } from "./inbox-state";
import type { InboxStore } from "./inbox-store";

const KEY = "buddylist.outbox";

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const entriesSchema = z.array(
  z.object({
    clientId: z.uuid(),
    peer: z.string(),
    body: z.string(),
    replyTo: z.uuid().optional(),
    createdAt: z.string(),
    state: z.enum(["sending", "failed"]),
    error: errorBodySchema.shape.error.nullable(),
    attachments: z.array(z.uuid()).max(10).optional(),
  }),
);

const defaultStorage = (): StorageLike | undefined => {
  try {
    return typeof sessionStorage === "undefined" ? undefined : sessionStorage;
  } catch {
    return undefined; // storage disabled by the browser's privacy settings
  }
};

/** What the outbox held when this tab was last unloaded; nothing if unreadable. */
export function loadOutbox(storage = defaultStorage()): OutboxEntry[] {
  try {
    const parsed = entriesSchema.safeParse(JSON.parse(storage?.getItem(KEY) ?? "[]"));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Writes the outbox whenever it changes; returns the stop. */
export function persistOutbox(store: InboxStore, storage = defaultStorage()): () => void {
  let saved = store.getState().outbox;
  return store.subscribe(() => {
    const { outbox } = store.getState();
    if (outbox === saved) return;
    saved = outbox;
    try {
      if (outbox.length === 0) storage?.removeItem(KEY);
      else storage?.setItem(KEY, JSON.stringify(outbox));
    } catch {
      // Full or disabled storage: the messages are still sent while the tab stays open.
    }
  });
}
