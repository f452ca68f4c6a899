"use client";
// Whether `peer` refuses my messages openly (contacts only, nobody), asked once the
// conversation opens and again at each reconnect, so the composer can say so before I write.
import { useEffect, useState } from "react";
import { sendCommand } from "@/lib/client/connection/commands";
import type { DeliveryNotice } from "@/lib/protocol";
import { useConnectionState } from "./use-connection-state";
import { useSocket } from "./use-socket";

export function useDeliveryNotice(peer: string): DeliveryNotice["refuses"] {
  const socket = useSocket();
  const connected = useConnectionState().status === "connected";
  const [answer, setAnswer] = useState<{ peer: string; refuses: DeliveryNotice["refuses"] } | null>(null);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    void sendCommand(socket, "im:delivery-notice", { to: peer }).then((ack) => {
      if (current && ack.ok) setAnswer({ peer, refuses: ack.data.refuses });
    });
    return () => {
      current = false;
    };
  }, [socket, peer, connected]);
  return answer?.peer === peer ? answer.refuses : null;
}
