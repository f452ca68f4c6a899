// Every socket event, named `domain:verb` for commands (client → server, with an ack) and
// `domain:past-participle` for facts the server pushes. Client and server both type their
// socket with these maps, so a renamed event fails the type check on both sides.
import type { Ack } from "./errors";
import type { SetDisplayName, UserSummary } from "./schemas";

export const PROTOCOL_VERSION = 1;

export type Session = { user: UserSummary; protocolVersion: number; serverTime: string };

/** Commands carry an unknown payload: the server validates it with the matching schema. */
type Command<Result> = (payload: unknown, ack: (response: Ack<Result>) => void) => void;

export interface ClientToServerEvents {
  "profile:set-display-name": Command<UserSummary>;
}

export interface ServerToClientEvents {
  /** Sent once after the handshake: who the server says you are. */
  "session:ready": (session: Session) => void;
  /** Your profile changed (in this tab or another). */
  "profile:changed": (user: UserSummary) => void;
  /** The server is about to close this socket on purpose (sign-out, shutdown). */
  "session:ended": (reason: { reason: "signed_out" | "shutdown" | "revoked" }) => void;
}

export type InterServerEvents = Record<string, never>;

/** What the server remembers of an authenticated socket. */
export interface SocketData {
  user: { id: string; username: string; displayName: string; sessionId: string };
  deviceId: string;
}

/** Typed payload of a command, for client code. */
export type CommandPayload = { "profile:set-display-name": SetDisplayName };
export type CommandResult<E extends keyof ClientToServerEvents> =
  Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer R> ? R : never;
