"use client";
import { useEffect, useState } from "react";
import { sendCommand } from "@/lib/client/connection/commands";
import type { UserSuggestion } from "@/lib/protocol";
import { useSocket } from "./use-socket";

/** Typing pauses this long before asking, so a word typed fast costs one request. */
const PAUSE_MS = 200;

/** Usernames starting with what the person typed, from `user:suggest` (never one that blocks me). */
export function useUserSuggestions(typed: string): UserSuggestion[] {
  const socket = useSocket();
  const prefix = typed.trim().toLowerCase();
  const [found, setFound] = useState<{ prefix: string; users: UserSuggestion[] }>({ prefix: "", users: [] });
  useEffect(() => {
    if (prefix === "") return;
    let current = true;
    const timer = setTimeout(async () => {
      const ack = await sendCommand(socket, "user:suggest", { prefix });
      if (current && ack.ok) setFound({ prefix, users: ack.data });
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [socket, prefix]);
  // Answers for an older prefix still narrow down: keep those that match what is typed now.
  return prefix === "" ? [] : found.users.filter((user) => user.username.startsWith(prefix));
}
