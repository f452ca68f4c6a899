// Personal access tokens, managed from settings.
import { createTokenSchema, emptySchema, revokeTokenSchema } from "@/lib/protocol";
import { type CommandTable, handle } from "../command";

export const tokenCommands = {
  "token:create": handle(createTokenSchema, ({ name }, { services, user }) => services.accessTokens.create(user, name)),
  "token:list": handle(emptySchema, (_input, { services, user }) => services.accessTokens.list(user)),
  "token:revoke": handle(revokeTokenSchema, ({ id }, { services, user }) => services.accessTokens.revoke(user, id).then(() => null)),
} satisfies CommandTable;
