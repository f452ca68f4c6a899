// The privacy center on the wire: ACCESS RULES (set by a presentity), VISIBILITY RULES (set
// by a watcher), invisible mode, and WATCHER INFORMATION.
import { z } from "zod";
import { SUBSCRIPTION_STATES } from "./buddy-list";
import { type PresenceView, usernameRefSchema } from "./presence";
import { lookupText } from "./text";

export const ACCESS_ACTIONS = ["allow", "limited", "polite-block", "block", "confirm"] as const;
export type AccessRuleAction = (typeof ACCESS_ACTIONS)[number];
export const SUBJECT_TYPES = ["user", "group", "contacts", "signed-in", "hidden-watchers", "token"] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const MAX_ACCESS_RULES = 50;
export const MAX_RETENTION_DAYS = 365;

const id = lookupText(z.string().min(1).max(64));

export const ruleSubjectSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), username: usernameRefSchema }).strict(),
  z.object({ type: z.literal("group"), groupId: id }).strict(),
  z.object({ type: z.literal("contacts") }).strict(),
  z.object({ type: z.literal("signed-in") }).strict(),
  z.object({ type: z.literal("hidden-watchers") }).strict(),
  /** A personal access token: one by id, or any token when tokenId is null. */
  z.object({ type: z.literal("token"), tokenId: id.nullable() }).strict(),
]);
export type RuleSubjectInput = z.infer<typeof ruleSubjectSchema>;

export const accessRuleInputSchema = z
  .object({
    subject: ruleSubjectSchema,
    action: z.enum(ACCESS_ACTIONS),
    hiddenTupleIds: z.array(id).max(20).default([]),
    hideLastSeen: z.boolean().default(false),
  })
  .strict();
export type AccessRuleInput = z.input<typeof accessRuleInputSchema>;

export const setAccessRulesSchema = z
  .object({ rules: z.array(accessRuleInputSchema).max(MAX_ACCESS_RULES, `At most ${MAX_ACCESS_RULES} rules.`) })
  .strict();
export const setInvisibleSchema = z.object({ invisible: z.boolean() }).strict();
export const setRetentionSchema = z.object({ days: z.number().int().min(1).max(MAX_RETENTION_DAYS) }).strict();
export const setVisibilitySchema = z
  .object({
    /** Whom the rule is about; null for everyone. */
    username: usernameRefSchema.nullable(),
    /** `default` removes a per-person rule (the rule for everyone applies again). */
    visibility: z.enum(["visible", "hidden", "default"]),
  })
  .strict();
/** One-click actions from a watcher-information row: a rule for that person, put first. */
export const quickRuleSchema = z
  .object({ username: usernameRefSchema, action: z.enum(["allow", "limited", "polite-block", "block"]) })
  .strict();
export const previewSchema = z
  .object({
    subject: z.discriminatedUnion("type", [
      z.object({ type: z.literal("user"), username: usernameRefSchema }).strict(),
      z.object({ type: z.literal("group"), groupId: id }).strict(),
      z.object({ type: z.literal("contacts") }).strict(),
      z.object({ type: z.literal("signed-in") }).strict(),
    ]),
  })
  .strict();
/** Whom `privacy:preview` shows my presence as. */
export type PreviewSubject = z.input<typeof previewSchema>["subject"];
export const userSearchSchema = z.object({ prefix: lookupText(z.string().trim().toLowerCase().min(1).max(32)) }).strict();

export type RuleSubjectView =
  | { type: "user"; username: string; displayName: string }
  | { type: "group"; groupId: string; name: string }
  | { type: "contacts" }
  | { type: "signed-in" }
  | { type: "hidden-watchers" }
  | { type: "token"; tokenId: string | null };

export type AccessRuleView = {
  id: string;
  subject: RuleSubjectView;
  action: AccessRuleAction;
  hiddenTupleIds: string[];
  hideLastSeen: boolean;
};

export type PrivacySettings = {
  rules: AccessRuleView[];
  /** True while the rules are the built-in defaults (never edited). */
  defaults: boolean;
  invisible: boolean;
  watcherRetentionDays: number;
  /** My visibility as a watcher. */
  visibility: {
    all: "visible" | "hidden";
    people: { username: string; displayName: string; visibility: "visible" | "hidden" }[];
  };
};

/** The people a `block` rule names, by username (XMPP's blocklist, XEP-0191). */
export function blockedUsernames(settings: Pick<PrivacySettings, "rules">): string[] {
  return settings.rules.flatMap((rule) => (rule.subject.type === "user" && rule.action === "block" ? [rule.subject.username] : []));
}

/** What a preview shows: the view, or that the subject would see no account at all. */
export type PresencePreview = { exists: true; view: PresenceView } | { exists: false };

const watchKindSummarySchema = z.object({
  count: z.number().int(),
  firstAt: z.string().meta({ format: "date-time" }),
  lastAt: z.string().meta({ format: "date-time" }),
});
export type WatchKindSummary = z.infer<typeof watchKindSummarySchema>;

export const watcherRowSchema = z
  .object({
    /** Null when names are withheld (reciprocity) — then only counts are shown. */
    username: z.string().nullable(),
    displayName: z.string().nullable(),
    /** How this watcher watches: a fetcher that fetches repeatedly counts as a poller. */
    role: z.enum(["subscriber", "poller", "fetcher"]),
    kinds: z.object({
      fetch: watchKindSummarySchema.optional(),
      poll: watchKindSummarySchema.optional(),
      subscribe: watchKindSummarySchema.optional(),
    }),
    firstAt: z.string().meta({ format: "date-time" }),
    lastAt: z.string().meta({ format: "date-time" }),
    count: z.number().int(),
    subscription: z.enum(SUBSCRIPTION_STATES).nullable(),
  })
  .meta({ id: "WatcherRow" });
export type WatcherRow = z.infer<typeof watcherRowSchema>;

export const watcherInformationSchema = z
  .object({
    rows: z.array(watcherRowSchema),
    /** Watchers who hide their watching from me: counted, never named. */
    hidden: z.object({ watchers: z.number().int(), count: z.number().int() }),
    /** I hide my own watching from someone, so I see counts instead of names. */
    namesWithheld: z.boolean(),
    retentionDays: z.number().int(),
    /** Watching per day (UTC), oldest first, one entry per day of the retention window. */
    daily: z.array(
      z.object({ day: z.string(), fetch: z.number().int(), poll: z.number().int(), subscribe: z.number().int() }),
    ),
  })
  .meta({ id: "WatcherInformation", description: "Who has been watching the caller's presence." });
export type WatcherInformation = z.infer<typeof watcherInformationSchema>;

export type UserSuggestion = { username: string; displayName: string };

/** A watch event as the watched presentity hears of it. */
export type WatchNotice = {
  username: string | null;
  displayName: string | null;
  kind: "fetch" | "poll" | "subscribe";
  at: string;
  /** The watcher hides its watching: counted, never named. */
  hidden: boolean;
};
