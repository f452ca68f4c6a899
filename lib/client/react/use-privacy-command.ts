"use client";
import { useCallback } from "react";
import type { CommandArgs } from "@/lib/client/connection/commands";
import { usePrivacyStore } from "@/lib/client/react/client-context";
import type { PrivacySettings } from "@/lib/protocol";
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
export function usePrivacyCommand<E extends SettingsCommand>(event: E) {
  const store = usePrivacyStore();
  const command = useCommand(event);
  const { run: send } = command;
  const run = useCallback(
    async (...payload: CommandArgs<E>) => {
      const ack = await send(...payload);
      // Every SettingsCommand answers with the settings (lib/protocol/commands.ts).
      if (ack.ok) store.receiveSettings(ack.data as PrivacySettings);
      return ack;
    },
    [send, store],
  );
  return { ...command, run };
}
