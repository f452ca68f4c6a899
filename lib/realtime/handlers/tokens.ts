// Personal access tokens, managed from settings.
import { createTokenSchema, emptySchema, revokeTokenSchema } from "@/lib/protocol";
import { handle, registerCommands } from "../command";
import type { HandlerContext } from "./context";

export function registerTokenHandlers({ socket, services, logger }: HandlerContext) {
  const { accessTokens } = services;
  const user = socket.data.user;
  registerCommands(socket, logger, {
    "token:create": handle(createTokenSchema, ({ name }) => accessTokens.create(user, name)),
    "token:list": handle(emptySchema, () => accessTokens.list(user)),
    "token:revoke": handle(revokeTokenSchema, ({ id }) => accessTokens.revoke(user, id).then(() => null)),
  });
}
