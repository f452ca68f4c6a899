// Back online: try at once. socket.io waits out its backoff (up to 10 s) before its next try,
// and `connect()` during that wait does nothing, so the wait is dropped and a new try starts.
type ReconnectingSocket = { connected: boolean; connect(): unknown; disconnect(): unknown };

export function reconnectNow(socket: ReconnectingSocket): boolean {
  if (socket.connected) return false;
  // Not connected, so this says nothing to the server and fires no "disconnect": it only
  // cancels the pending backoff timer.
  socket.disconnect();
  socket.connect();
  return true;
}
