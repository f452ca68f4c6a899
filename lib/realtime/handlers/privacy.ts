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
import { handle, registerCommands } from "../command";
import type { HandlerContext } from "./context";

export function registerPrivacyHandlers({ socket, services, logger }: HandlerContext) {
  const { privacy, watcherInfo } = services;
  const user = socket.data.user;
  registerCommands(socket, logger, {
    "privacy:get": handle(emptySchema, () => privacy.settings(user)),
    "privacy:set-rules": handle(setAccessRulesSchema, ({ rules }) => privacy.setRules(user, rules)),
    "privacy:quick-rule": handle(quickRuleSchema, ({ username, action }) => privacy.quickRule(user, username, action)),
    "privacy:set-invisible": handle(setInvisibleSchema, ({ invisible }) => privacy.setInvisible(user, invisible)),
    "privacy:set-retention": handle(setRetentionSchema, ({ days }) => privacy.setRetention(user, days)),
    "privacy:set-visibility": handle(setVisibilitySchema, ({ username, visibility }) =>
      privacy.setVisibility(user, username, visibility),
    ),
    "privacy:preview": handle(previewSchema, ({ subject }) => privacy.preview(user, subject)),
    "watchers:get": handle(emptySchema, () => watcherInfo.list(user)),
    "user:suggest": handle(userSearchSchema, ({ prefix }) => privacy.suggest(user, prefix)),
  });
}
