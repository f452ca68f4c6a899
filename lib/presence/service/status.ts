// The PRESENCE USER AGENT's commands on its own presence: status (availability, note, expiry),
// user tuples (a phone, an address, a page), and the display name views carry. Each is stored,
// then changed in memory and published in one step, and answered with the caller's own view.
import type { SessionUser } from "@/lib/accounts/account-service";
import type { PresenceStore } from "@/lib/db/presence/presence-store";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import {
  type PresenceView,
  STATUS_MAX_DURATION_MS,
  type setStatusSchema,
  type setUserTuplesSchema,
} from "@/lib/protocol/presence";
import type { z } from "zod";
import { bump, nextVersion } from "../document";
import type { PresenceState, PresentityEntry } from "../presence-state";

export function createStatusCommands(deps: {
  state: Pick<PresenceState, "peek" | "requireEntry">;
  store: Pick<PresenceStore, "saveStatus" | "saveUserTuples">;
  now: () => number;
  /** A document change made here (fan-out.ts). */
  changed: (entry: PresentityEntry) => void;
  /** (Re)arms the status expiry (status-expiry.ts). */
  scheduleExpiry: (entry: PresentityEntry) => void;
  /** The caller's own view (access.ts). */
  selfView: (entry: PresentityEntry) => PresenceView;
}) {
  const { state, store, now, changed, selfView } = deps;

  async function setStatus(user: Pick<SessionUser, "id">, input: z.output<typeof setStatusSchema>): Promise<PresenceView> {
    const expiresAt = input.expiresAt?.getTime() ?? null;
    if (expiresAt !== null && (expiresAt <= now() || expiresAt - now() > STATUS_MAX_DURATION_MS)) {
      throw new ServiceError(ErrorCode.invalid_payload, "Choose an expiry in the future, within a year.", {
        issues: [{ path: "expiresAt", message: "Choose a time in the future, within a year." }],
      });
    }
    const entry = await state.requireEntry(user.id);
    const status = { availability: input.availability, note: input.note, statusExpiresAt: expiresAt };
    await store.saveStatus(user.id, {
      ...status,
      statusExpiresAt: expiresAt === null ? null : new Date(expiresAt),
      version: nextVersion(entry.doc.version, now()),
    });
    Object.assign(entry.doc, status, { updatedAt: now() });
    bump(entry.doc, now());
    deps.scheduleExpiry(entry);
    changed(entry);
    return selfView(entry);
  }

  return {
    setStatus,

    clearStatus(user: Pick<SessionUser, "id">): Promise<PresenceView> {
      return setStatus(user, { availability: "available", note: null, expiresAt: null });
    },

    async setUserTuples(user: Pick<SessionUser, "id">, input: z.output<typeof setUserTuplesSchema>): Promise<PresenceView> {
      const entry = await state.requireEntry(user.id);
      const known = new Set(entry.doc.userTuples.map((tuple) => tuple.id));
      // Ids the client sends are kept only if they are this person's tuples; others are new.
      const tuples = input.tuples.map(({ id, ...tuple }) => ({ ...tuple, id: id && known.has(id) ? id : undefined }));
      const ids = await store.saveUserTuples(user.id, nextVersion(entry.doc.version, now()), tuples);
      entry.doc.userTuples = tuples.map((tuple, index) => ({ ...tuple, id: ids[index]! }));
      entry.doc.updatedAt = now();
      bump(entry.doc, now());
      changed(entry);
      return selfView(entry);
    },

    /** The account's display name changed; views carry it. */
    profileChanged(userId: string, displayName: string) {
      const entry = state.peek(userId);
      if (!entry || entry.doc.displayName === displayName) return;
      entry.doc.displayName = displayName;
      bump(entry.doc, now());
      changed(entry);
    },
  };
}
