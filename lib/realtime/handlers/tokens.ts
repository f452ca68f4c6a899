// Personal access tokens, managed from settings: only from a browser session (their scope is
// `session` in lib/protocol/commands.ts), so a token can never mint or revoke tokens.
import type { SomeCommandHandlers } from "../command";

export const tokenHandlers = {
  "token:create": ({ name, scopes }, { services, user }) => services.accessTokens.create(user, name, scopes),
  "token:list": (_input, { services, user }) => services.accessTokens.list(user),
  "token:revoke": ({ id }, { services, user }) => services.accessTokens.revoke(user, id).then(() => null),
} satisfies SomeCommandHandlers;
