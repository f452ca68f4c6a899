import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import type { AppServer, AppSocket } from "../types";

/** What every handler module receives for one connected socket. */
export type HandlerContext = {
  io: AppServer;
  socket: AppSocket;
  services: AppServices;
  logger: Logger;
  /** This socket's device tuple, once it exists (commands about the device wait for it). */
  device: Promise<string>;
};
