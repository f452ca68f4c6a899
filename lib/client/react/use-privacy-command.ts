"use client";
import { useCallback } from "react";
import { usePrivacyStore } from "@/lib/client/react/client-context";
import { useCommand } from "./use-command";

type SettingsCommand =
  | "privacy:set-rules"
  | "privacy:quick-rule"
  | "privacy:set-invisible"
  | "privacy:set-retention"
  | "privacy:set-visibility";

/**
 * A privacy command whose answer is my new settings: applied to the store at once, so this
 * tab does not wait for the `privacy:changed` broadcast (the other tabs get that).
 */
export function usePrivacyCommand(event: SettingsCommand) {
  const store = usePrivacyStore();
  const command = useCommand(event);
  const { run: send } = command;
  const run = useCallback(
    async (payload?: unknown) => {
      const ack = await send(payload);
      if (ack.ok) store.receiveSettings(ack.data);
      return ack;
    },
    [send, store],
  );
  return { ...command, run };
}
