// Counts every broadcast a socket.io adapter delivers on this instance, with the number of
// sockets it reached, whatever emitted it: a notifier method added later is measured without
// an edit. socket.io-adapter's `broadcast` encodes the packet (`_encode`), then walks the
// recipients (`apply`), both through `this`: the in-memory adapter and the Redis adapter (for
// its own emits and for those that arrive from other instances) go through them. `apply` also
// serves fetchSockets and friends, which encode nothing, so they are not counted.
type Packet = { data?: unknown[] };
type MeasurableAdapter = {
  _encode(packet: Packet, options: unknown): unknown;
  apply(options: unknown, callback: (socket: unknown) => void): void;
};

export function observeBroadcasts(adapter: unknown, observe: (event: string, sockets: number) => void): void {
  const target = adapter as MeasurableAdapter;
  const encode = target._encode;
  const apply = target.apply;
  if (typeof encode !== "function" || typeof apply !== "function") {
    throw new Error("This socket.io adapter cannot be measured: it has no _encode/apply (socket.io-adapter changed?).");
  }
  let pending: string | undefined;
  target._encode = function (packet, options) {
    const event = packet.data?.[0];
    pending = typeof event === "string" ? event : undefined;
    return encode.call(this, packet, options);
  };
  target.apply = function (options, callback) {
    const event = pending;
    pending = undefined;
    if (event === undefined) return apply.call(this, options, callback);
    let sockets = 0;
    apply.call(this, options, (socket) => {
      sockets += 1;
      callback(socket);
    });
    observe(event, sockets);
  };
}
