// Group conversations' commands (lib/protocol/groups.ts): one service call each, as the socket's account.
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { SomeCommandHandlers } from "../command";

const notYet = () => Promise.reject(new ServiceError(ErrorCode.not_found, "Group conversations are not available yet."));

export const groupHandlers = {
  "groupchat:list": notYet,
  "groupchat:get": notYet,
  "groupchat:create": notYet,
  "groupchat:add": notYet,
  "groupchat:remove": notYet,
  "groupchat:set-admin": notYet,
  "groupchat:rename": notYet,
  "groupchat:leave": notYet,
  "groupchat:delete": notYet,
  "groupchat:respond": notYet,
  "groupchat:set-flags": notYet,
  "groupchat:send": notYet,
  "groupchat:history": notYet,
  "groupchat:sync": notYet,
  "groupchat:read": notYet,
  "groupchat:delivered": notYet,
  "groupchat:typing": notYet,
  "groupchat:receipts": notYet,
} satisfies SomeCommandHandlers;
