// A socket for the client modules' unit tests: commands answered from a table, server events
// emitted by the test, the connection dropped and restored at will.

type Handler = (payload: never) => void;
type Answer = (payload: Record<string, unknown>) => unknown;

/**
 * A socket whose commands are answered by `answers` (an answer may be a promise, to hold it;
 * `undefined` from a missing answer means no answer: a timeout) and that lets a test emit
 * server events and drop or restore the connection.
 */
export function fakeSocket(answers: Record<string, Answer> = {}) {
  const handlers = new Map<string, Set<Handler>>();
  const sent: { event: string; payload: Record<string, unknown> }[] = [];
  const socket = {
    connected: true,
    on(event: string, handler: Handler) {
      handlers.set(event, (handlers.get(event) ?? new Set()).add(handler));
      return socket;
    },
    off(event: string, handler: Handler) {
      handlers.get(event)?.delete(handler);
      return socket;
    },
    timeout: () => ({
      emitWithAck: async (event: string, payload: Record<string, unknown>) => {
        sent.push({ event, payload });
        const answer = answers[event];
        if (!answer || !socket.connected) throw new Error("operation has timed out");
        const data = await answer(payload);
        if (data && typeof data === "object" && "ok" in data) return data;
        return { ok: true, data };
      },
    }),
    emit(event: string, payload?: unknown) {
      for (const handler of handlers.get(event) ?? []) handler(payload as never);
    },
    drop() {
      socket.connected = false;
      socket.emit("disconnect", "transport close");
    },
    reconnect() {
      socket.connected = true;
      socket.emit("connect");
    },
  };
  const sentOf = (event: string) => sent.filter((entry) => entry.event === event).map((entry) => entry.payload);
  return { socket, sent, sentOf, answers };
}
