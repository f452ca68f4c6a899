// Tells the server whether this tab is on screen (`tab:set-visibility`), on every connection
// and on every change of document.visibilityState: the server sends no Web Push while a tab
// of the account is visible, since that tab shows the message itself.
import { sendCommand } from "@/lib/client/connection/commands";
import type { ClientSocket } from "@/lib/client/connection/connection";

type Page = EventTarget & { visibilityState: DocumentVisibilityState };

export function reportVisibility(socket: ClientSocket, page: Page = document): () => void {
  const report = () => {
    // While disconnected the next session:ready reports it instead.
    if (socket.connected) void sendCommand(socket, "tab:set-visibility", { visible: page.visibilityState === "visible" });
  };
  page.addEventListener("visibilitychange", report);
  socket.on("session:ready", report);
  return () => {
    page.removeEventListener("visibilitychange", report);
    socket.off("session:ready", report);
  };
}
