// The privacy center's commands: access rules, invisible mode, visibility rules, preview,
// watcher information, and username suggestions (which never show someone who blocks you).
import {
  emptySchema,
  previewSchema,
  quickRuleSchema,
  setAccessRulesSchema,
  setInvisibleSchema,
  setRetentionSchema,
  setVisibilitySchema,
  userSearchSchema,
} from "@/lib/protocol";
import { type CommandTable, handle } from "../command";

export const privacyCommands = {
  "privacy:get": handle(emptySchema, (_input, { services, user }) => services.privacy.settings(user)),
  "privacy:set-rules": handle(setAccessRulesSchema, ({ rules }, { services, user }) => services.privacy.setRules(user, rules)),
  "privacy:quick-rule": handle(quickRuleSchema, ({ username, action }, { services, user }) =>
    services.privacy.quickRule(user, username, action),
  ),
  "privacy:set-invisible": handle(setInvisibleSchema, ({ invisible }, { services, user }) =>
    services.privacy.setInvisible(user, invisible),
  ),
  "privacy:set-retention": handle(setRetentionSchema, ({ days }, { services, user }) => services.privacy.setRetention(user, days)),
  "privacy:set-visibility": handle(setVisibilitySchema, ({ username, visibility }, { services, user }) =>
    services.privacy.setVisibility(user, username, visibility),
  ),
  "privacy:preview": handle(previewSchema, ({ subject }, { services, user }) => services.privacy.preview(user, subject)),
  "watchers:get": handle(emptySchema, (_input, { services, user }) => services.watcherInfo.list(user)),
  "user:suggest": handle(userSearchSchema, ({ prefix }, { services, user }) => services.privacy.suggest(user, prefix)),
} satisfies CommandTable;
