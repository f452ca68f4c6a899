import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import type { AppServer, AppSocket } from "../types";

/** What a command runs with: the socket's account and the services. */
export type CommandContext = {
  io: AppServer;
  socket: AppSocket;
  user: AppSocket["data"]["user"];
  services: AppServices;
  logger: Logger;
  /** This socket's device tuple, once it exists (commands about the device wait for it). */
  device: Promise<string>;
  /**
   * Usernames this socket follows (`presence:fetch` with `follow`); unfollowed when it closes.
   * Made on the first follow: most sockets never follow anyone.
   */
  follows?: Set<string>;
  /** The client's address at the handshake (per-address command limits). */
  address: string;
};
