"use client";
// A command as a component uses it: send, know whether it is under way, and keep the last
// error (with its per-field issues) to show inline until the next attempt.
import { useCallback, useState } from "react";
import { type CommandArgs, type CommandName, type CommandResult, sendCommand } from "@/lib/client/connection/commands";
import { useBuddyListStore } from "@/lib/client/react/client-context";
import type { Ack, PresenceView, ProtocolError } from "@/lib/protocol";
import { useSocket } from "./use-socket";

export type CommandState = { pending: boolean; error: ProtocolError | null };

/** Commands whose answer is my own presence view: applied at once, before the notification. */
const ANSWERS_WITH_MY_PRESENCE = new Set<CommandName>([
  "presence:set-status",
  "presence:clear-status",
  "presence:set-tuples",
]);

export function useCommand<E extends CommandName>(event: E) {
  const socket = useSocket();
  const buddyList = useBuddyListStore();
  const [state, setState] = useState<CommandState>({ pending: false, error: null });

  const run = useCallback(
    async (...payload: CommandArgs<E>): Promise<Ack<CommandResult<E>>> => {
      setState({ pending: true, error: null });
      const ack = await sendCommand(socket, event, ...payload);
      setState({ pending: false, error: ack.ok ? null : ack.error });
      if (ack.ok && ANSWERS_WITH_MY_PRESENCE.has(event)) buddyList.receivePresence(ack.data as PresenceView);
      return ack;
    },
    [socket, buddyList, event],
  );
  const reset = useCallback(() => setState({ pending: false, error: null }), []);

  return { run, reset, ...state };
}
