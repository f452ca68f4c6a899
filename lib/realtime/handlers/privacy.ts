// The privacy center's commands: access rules, invisible mode, visibility rules, preview,
// watcher information, and username suggestions (which never show someone who blocks you).
import type { SomeCommandHandlers } from "../command";

export const privacyHandlers = {
  "privacy:get": (_input, { services, user }) => services.privacy.settings(user),
  "privacy:set-rules": ({ rules }, { services, user }) => services.privacy.setRules(user, rules),
  "privacy:quick-rule": ({ username, action }, { services, user }) => services.privacy.quickRule(user, username, action),
  "privacy:set-invisible": ({ invisible }, { services, user }) => services.privacy.setInvisible(user, invisible),
  "privacy:set-retention": ({ days }, { services, user }) => services.privacy.setRetention(user, days),
  "privacy:set-visibility": ({ username, visibility }, { services, user }) =>
    services.privacy.setVisibility(user, username, visibility),
  "privacy:preview": ({ subject }, { services, user }) => services.privacy.preview(user, subject),
  "watchers:get": (_input, { services, user }) => services.watcherInfo.list(user),
  "user:suggest": ({ prefix }, { services, user }) => services.privacy.suggest(user, prefix),
} satisfies SomeCommandHandlers;
