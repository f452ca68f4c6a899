// The one socket of a browser tab: created here, reconnected with backoff, its state kept in
// a tiny store React components subscribe to. Nothing else in the browser calls io().
import { io, type Socket } from "socket.io-client";
import {
  type ClientToServerEvents,
  ErrorCode,
  type HandshakeAuth,
  type ProtocolError,
  type ServerToClientEvents,
  type Session,
} from "@/lib/protocol";
import { rememberDeviceId, storedDeviceId } from "./device-id";
import { reconnectNow } from "./reconnect-now";
import { SESSION_END_MESSAGES, type SessionEndCause } from "./session-end";
import { createStore } from "@/lib/client/store";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "offline" | "signed-out";

export type ConnectionState = {
  status: ConnectionStatus;
  session?: Session;
  /** What the server said when it refused or dropped us, shown to the person. */
  error?: string;
  /** Why the session ended, once `status` is `signed-out` (which is final for the tab). */
  ended?: SessionEndCause;
};

/** Backoff for reconnecting: 0.5 s doubling up to 10 s, with jitter. */
const RECONNECT = { reconnectionDelay: 500, reconnectionDelayMax: 10_000, randomizationFactor: 0.5 };

function openSocket(): ClientSocket {
  return io({
    path: "/socket.io",
    autoConnect: false,
    withCredentials: true,
    // Read at every (re)connect, so the tab keeps its device tuple through reconnects and reloads.
    auth: (send) => send({ deviceId: storedDeviceId() } satisfies HandshakeAuth),
    ...RECONNECT,
  });
}

/** `socket` is for unit tests (a fake one); the browser's is made here. */
export function createConnection(socket: ClientSocket = openSocket()) {
  const store = createStore<ConnectionState>({ status: "connecting" });
  let everConnected = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const set = (next: Partial<ConnectionState>) => {
    // Signed out is final: a late disconnect or "offline" must not turn it back into a retry.
    if (store.getState().status === "signed-out") return;
    store.set({ ...store.getState(), ...next });
  };
  /** The account is gone from this tab: stop every retry, forget who we were. */
  const end = (cause: SessionEndCause) => {
    clearTimeout(retryTimer);
    set({ status: "signed-out", ended: cause, error: SESSION_END_MESSAGES[cause], session: undefined });
    socket.disconnect();
  };
  const browserOffline = () => typeof navigator !== "undefined" && navigator.onLine === false;

  socket.on("session:ready", (session) => {
    // The server may give a new id (a duplicated tab shares our sessionStorage, not our tuple).
    rememberDeviceId(session.deviceId);
    set({ session });
  });
  socket.on("profile:changed", (user) => {
    const { session } = store.getState();
    if (session) set({ session: { ...session, user } });
  });
  socket.on("connect", () => {
    everConnected = true;
    set({ status: "connected", error: undefined });
  });
  socket.on("disconnect", (reason) => {
    if (reason === "io client disconnect") return;
    set({ status: browserOffline() ? "offline" : "reconnecting" });
    // The server closing us on purpose does not trigger socket.io's own reconnection.
    if (reason === "io server disconnect") scheduleRetry();
  });
  socket.on("session:ended", ({ reason }) => {
    if (reason !== "shutdown") end(reason);
  });
  socket.on("connect_error", (error: Error & { data?: Partial<ProtocolError> }) => {
    // Refused at (re)connect: the session ended while we were away (asleep, offline).
    if (error.data?.code === ErrorCode.unauthorized) {
      end("expired");
      return;
    }
    set({ status: browserOffline() ? "offline" : everConnected ? "reconnecting" : "connecting", error: error.message });
    // Errors from the server's middleware stop socket.io's retries; transport errors do not.
    if (!socket.active) scheduleRetry();
  });
  socket.io.on("reconnect_attempt", () => set({ status: browserOffline() ? "offline" : "reconnecting" }));

  function scheduleRetry() {
    if (store.getState().status === "signed-out") return;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => socket.connect(), 2_000 + Math.random() * 2_000);
  }

  const onOnline = () => {
    if (store.getState().status === "signed-out") return;
    clearTimeout(retryTimer);
    if (reconnectNow(socket)) set({ status: everConnected ? "reconnecting" : "connecting" });
    // The socket outlived a short outage: it was never down, only the browser said so.
    else set({ status: "connected" });
  };
  const onOffline = () => set({ status: "offline" });

  return {
    socket,
    getState: store.getState,
    subscribe: store.subscribe,
    open() {
      window.addEventListener("online", onOnline);
      window.addEventListener("offline", onOffline);
      socket.connect();
    },
    close() {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
export type Connection = ReturnType<typeof createConnection>;
