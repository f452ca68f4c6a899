// Zod schemas of every socket payload and REST body. Types are derived from them, so the
// wire format and the TypeScript types cannot drift.
import { z } from "zod";
import { humanNameSchema } from "./text";

/** Largest socket message the server accepts (bytes); socket.io drops bigger frames. */
export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;
/** Largest REST request body (bytes); bigger ones are refused before they are parsed. */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

export const emptySchema = z.union([z.undefined(), z.null(), z.object({}).strict()]);

export const displayNameSchema = humanNameSchema(64, "Enter a display name.");

export const setDisplayNameSchema = z.object({ displayName: displayNameSchema }).strict();
export type SetDisplayName = z.infer<typeof setDisplayNameSchema>;

export const userSummarySchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

/** A signed-in account as the server acts for it: the account and the session it signed in with. */
export type SessionUser = UserSummary & { sessionId: string };

/** The answer of a REST change that has nothing else to say. */
export const doneSchema = z.object({ ok: z.literal(true) });
export type Done = z.infer<typeof doneSchema>;

/** GET /api/health: liveness and readiness, per dependency. */
export const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.record(z.string(), z.enum(["ok", "failing"])).meta({ description: "database, and redis when configured" }),
  uptimeSeconds: z.number().int(),
});
export type Health = z.infer<typeof healthSchema>;
