// Presence on the wire: what watchers receive (views) and what a presentity may send
// (status, tuples). Views are plain data; inputs are zod schemas.
import { z } from "zod";
import { humanTextProblem, humanTextSchema, lookupText } from "./text";

export const AVAILABILITIES = ["available", "away", "busy"] as const;
export const availabilitySchema = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof availabilitySchema>;

export type BasicStatus = "open" | "closed";

export const NOTE_MAX_LENGTH = 200;
/** A status may be set to expire at most this far ahead. */
export const STATUS_MAX_DURATION_MS = 366 * 24 * 60 * 60 * 1000;

/** A tab with no input for this long (or hidden) reports itself idle (away). */
export const IDLE_AFTER_MS = 5 * 60 * 1000;

export const usernameRefSchema = lookupText(z.string().trim().toLowerCase().min(1).max(64));

/**
 * `presence:fetch`: one look at a presentity; with `follow`, this socket is also told of its
 * changes (like a holder) until `presence:unfollow` or the socket closes.
 */
export const fetchPresenceSchema = z.object({ username: usernameRefSchema, follow: z.literal(true).optional() }).strict();

export const setStatusSchema = z
  .object({
    availability: availabilitySchema,
    note: humanTextSchema(NOTE_MAX_LENGTH, { multiline: true, tooLong: `A note has at most ${NOTE_MAX_LENGTH} characters.` })
      .nullish()
      .transform((note) => (note ? note : null)),
    /** When the availability and note revert by themselves (ISO time), or null for never. */
    expiresAt: z.iso
      .datetime({ offset: true })
      .nullish()
      .transform((value) => (value ? new Date(value) : null)),
  })
  .strict();
export type SetStatus = z.input<typeof setStatusSchema>;

export const setIdleSchema = z.object({ idle: z.boolean() }).strict();

// --- User tuples: means and per-means address validation --------------------------------------

export const TUPLE_MEANS = ["tel", "mailto", "https", "xmpp", "text"] as const;
export const tupleMeansSchema = z.enum(TUPLE_MEANS);
export type TupleMeans = z.infer<typeof tupleMeansSchema>;
export const MAX_USER_TUPLES = 20;

const ADDRESS_RULES: Record<TupleMeans, { test: (address: string) => boolean; message: string }> = {
  tel: { test: (a) => /^\+?[0-9][0-9 ()./-]{2,30}$/.test(a), message: "Enter a phone number, e.g. +1 555 0100." },
  mailto: { test: (a) => z.email().safeParse(a).success, message: "Enter an email address." },
  https: {
    test: (a) => {
      try {
        const url = new URL(a);
        return url.protocol === "https:" && url.hostname.includes(".");
      } catch {
        return false;
      }
    },
    message: "Enter a web address starting with https://",
  },
  xmpp: { test: (a) => /^[^@\s/]+@[^@\s/]+\.[^@\s/]+$/.test(a), message: "Enter a Jabber ID, e.g. alice@example.org." },
  text: { test: (a) => a.length > 0 && humanTextProblem(a) === null, message: "Enter some text." },
};

export const userTupleInputSchema = z
  .object({
    /** Present when editing an existing tuple; new tuples get an id from the server. */
    id: lookupText(z.string().max(64)).optional(),
    means: tupleMeansSchema,
    address: z.string().trim().min(1, "Enter an address.").max(200, "Use at most 200 characters."),
    label: humanTextSchema(40)
      .nullish()
      .transform((label) => (label ? label : null)),
    status: z.enum(["open", "closed"]),
  })
  .strict()
  .superRefine((tuple, context) => {
    const rule = ADDRESS_RULES[tuple.means];
    if (!rule.test(tuple.address)) context.addIssue({ code: "custom", path: ["address"], message: rule.message });
  });
export type UserTupleInput = z.input<typeof userTupleInputSchema>;

/** The whole ordered list at once: adding, editing, reordering and removing are one command. */
export const setUserTuplesSchema = z
  .object({ tuples: z.array(userTupleInputSchema).max(MAX_USER_TUPLES, `At most ${MAX_USER_TUPLES} entries.`) })
  .strict();

// --- Views ------------------------------------------------------------------------------------
// Output shapes are zod schemas too: the types derive from them, and the OpenAPI description
// (lib/http/openapi.ts) is generated from them.

const basicStatusSchema = z.enum(["open", "closed"]);

export const tupleViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["device", "user"]),
    status: basicStatusSchema,
    /** The communication address as a URI: `im:alice`, `tel:+15550100`, `mailto:…`, `https://…`. */
    contact: z.string().meta({ description: "The communication address, e.g. im:alice or tel:+15550100" }),
    means: z.enum(["im", ...TUPLE_MEANS]),
    /** User tuples: the address as the person wrote it (`contact` is its normalised URI). */
    address: z.string().optional(),
    label: z.string().nullable(),
    /** Device tuples: the availability this device reports (idle devices report `away`). */
    availability: availabilitySchema.optional(),
    idle: z.boolean().optional(),
    /** ISO time of the tuple's last change. */
    since: z.string().meta({ format: "date-time" }),
  })
  .meta({ id: "TupleView", description: "One presence tuple." });
export type TupleView = z.infer<typeof tupleViewSchema>;

/**
 * A presentity's presence as one watcher may see it. `access` says how much is shown:
 * `full` (everything the rules allow) or `limited` (open/closed only).
 */
export const presenceViewSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    version: z.number().int().meta({ description: "Grows whenever what this watcher may see changes." }),
    access: z.enum(["full", "limited"]),
    /** Aggregate: online if any im tuple is open; the best availability among open tuples. */
    status: z.object({
      basic: basicStatusSchema.nullable(),
      availability: availabilitySchema.nullable(),
      note: z.string().nullable(),
      /** When the status and note revert by themselves. */
      expiresAt: z.string().nullable(),
      /** Set when all im tuples are closed and last seen is not hidden. */
      lastSeenAt: z.string().nullable(),
    }),
    tuples: z.array(tupleViewSchema),
  })
  .meta({ id: "PresenceView", description: "A presentity's presence as the caller may see it." });
export type PresenceView = z.infer<typeof presenceViewSchema>;
