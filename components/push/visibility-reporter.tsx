"use client";
// Tells the server whether this tab is on screen, so that it sends no Web Push meanwhile.
import { useEffect } from "react";
import { useConnection } from "@/lib/client/react/client-context";
import { reportVisibility } from "@/lib/client/push/visibility-reporter";

export function VisibilityReporter() {
  const connection = useConnection();
  useEffect(() => reportVisibility(connection.socket), [connection]);
  return null;
}
