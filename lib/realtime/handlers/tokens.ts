// Personal access tokens, managed from settings: only from a browser session (COMMAND_SCOPES),
// so a token can never mint or revoke tokens.
import { createTokenSchema, emptySchema, revokeTokenSchema } from "@/lib/protocol";
import { type CommandTable, handle } from "../command";

export const tokenCommands = {
  "token:create": handle(createTokenSchema, ({ name, scopes }, { services, user }) =>
    services.accessTokens.create(user, name, scopes),
  ),
  "token:list": handle(emptySchema, (_input, { services, user }) => services.accessTokens.list(user)),
  "token:revoke": handle(revokeTokenSchema, ({ id }, { services, user }) => services.accessTokens.revoke(user, id).then(() => null)),
} satisfies CommandTable;
