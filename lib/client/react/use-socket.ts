"use client";
import type { ClientSocket } from "@/lib/client/connection/connection";
import { useConnection } from "@/lib/client/react/client-context";

/** The tab's one socket, for sending commands. */
export function useSocket(): ClientSocket {
  return useConnection().socket;
}
