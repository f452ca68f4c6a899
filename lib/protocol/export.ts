// The document "export my data" downloads (GET /api/account/export; docs/export.md explains
// it). People are named by username, never by internal id; times are ISO 8601 in UTC. Fields
// are only ever added within a version.
import { z } from "zod";
import { SUBSCRIPTION_STATES } from "./buddy-list";
import { ACCEPT_FROM } from "./im";
import { availabilitySchema, tupleMeansSchema } from "./presence";
import { quietHoursSchema } from "./quiet-hours";
import { ACCESS_ACTIONS, SUBJECT_TYPES } from "./privacy";

export const EXPORT_FORMAT = "buddylist-export";
export const EXPORT_VERSION = 1;

const isoTime = z.string().meta({ format: "date-time" });
const subscription = z.enum(SUBSCRIPTION_STATES);
const basicStatus = z.enum(["open", "closed"]);
/** Null for a person whose account is gone. */
const personName = z.string().nullable();

export const accountExportSchema = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: isoTime,
    profile: z.object({ username: z.string(), displayName: z.string(), createdAt: isoTime }),
    /** The presence that outlives a connection (device tuples exist only while connected). */
    presence: z.object({
      availability: availabilitySchema,
      note: z.string().nullable(),
      statusExpiresAt: isoTime.nullable(),
      lastSeenAt: isoTime.nullable(),
      appearOffline: z.boolean(),
      tuples: z.array(z.object({ means: tupleMeansSchema, address: z.string(), label: z.string().nullable(), status: basicStatus })),
      /** My quiet hours, or null when I set none. */
      quietHours: quietHoursSchema.nullable(),
    }),
    /** Web Push: what notifications show, and my subscribed devices (never their endpoints or keys). */
    push: z.object({
      showText: z.boolean(),
      devices: z.array(z.object({ device: z.string(), subscribedAt: isoTime })),
    }),
    groups: z.array(z.object({ name: z.string(), members: z.array(z.string()) })),
    /** Whom I watch (my buddy list). */
    contacts: z.array(z.object({ username: z.string(), displayName: z.string(), subscription, since: isoTime })),
    /** Who watches me, as watcher information shows them (no names when I hide my own watching). */
    watchers: z.array(z.object({ username: z.string().nullable(), subscription, since: isoTime })),
    /** Watchers who hide their watching from me: counted, never named. */
    hiddenWatchers: z.number().int().min(0),
    /** My access rules, in order: the first that matches a watcher decides. */
    accessRules: z.array(
      z.object({
        subject: z.union([
          z.object({ type: z.literal("user"), username: personName }),
          z.object({ type: z.enum(SUBJECT_TYPES).exclude(["user"]), id: z.string().nullable() }),
        ]),
        action: z.enum(ACCESS_ACTIONS),
        hideLastSeen: z.boolean(),
        hiddenTuples: z.array(z.string()),
      }),
    ),
    /** My visibility rules: `*` is the rule for everyone. */
    visibilityRules: z.array(z.object({ presentity: personName, visibility: z.enum(["visible", "hidden"]) })),
    /** Names only: a token's secret is never stored, so it cannot be exported. */
    accessTokens: z.array(z.object({ name: z.string(), createdAt: isoTime, lastUsedAt: isoTime.nullable() })),
    inbox: z.object({
      settings: z.object({ acceptFrom: z.enum(ACCEPT_FROM), readReceipts: z.boolean(), notifyWhileBusy: z.boolean() }),
      conversations: z.array(
        z.object({
          peer: z.string(),
          state: z.enum(["accepted", "request", "declined"]),
          /** When I pinned it to the top of my list; null when not pinned. */
          pinnedAt: isoTime.nullable(),
          muted: z.boolean(),
          markedUnread: z.boolean(),
        }),
      ),
      /** Every message still in my inbox, oldest first, sent and received. */
      messages: z.array(
        z.object({
          id: z.string(),
          seq: z.number().int(),
          direction: z.enum(["outgoing", "incoming"]),
          peer: z.string(),
          body: z.string(),
          sentAt: isoTime,
          deliveredAt: isoTime.nullable(),
          readAt: isoTime.nullable(),
          status: z.enum(["sent", "delivered", "read"]),
          /**
           * Its pictures and files: names, types, sizes and a link to each, which works while
           * the session that exported stays signed in (docs/export.md).
           */
          attachments: z
            .array(z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number().int(), url: z.string() }))
            .optional(),
        }),
      ),
    }),
  })
  .meta({ id: "AccountExport", description: "Everything the account owns, as one JSON document (docs/export.md)." });
export type AccountExport = z.infer<typeof accountExportSchema>;
