"use client";
import { useConnection } from "@/lib/client/react/client-context";
import type { ClientSocket } from "@/lib/client/connection/connection";

/** The tab's one socket, for sending commands. */
export function useSocket(): ClientSocket {
  return useConnection().socket;
}
