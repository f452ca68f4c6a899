import { once } from "node:events";
import { createServer, type Server, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { socketOfTransport, writePerTurn } from "./write-per-turn";

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("writePerTurn", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  /** A connected pair on loopback: the server's side (wrapped) and what the client received. */
  async function pair() {
    server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    const client = new Socket();
    const accepted = once(server, "connection") as Promise<[Socket]>;
    client.connect(port, "127.0.0.1");
    const [side] = await accepted;
    let received = "";
    client.on("data", (chunk: Buffer) => (received += chunk.toString()));
    // Counts the system calls' worth of writes the stream hands to the handle.
    const calls: number[] = [];
    const writev = side._writev!.bind(side);
    const writeOne = side._write.bind(side);
    side._writev = (chunks, callback) => {
      calls.push(chunks.length);
      writev(chunks, callback);
    };
    side._write = (chunk, encoding, callback) => {
      calls.push(1);
      writeOne(chunk, encoding, callback);
    };
    writePerTurn(side);
    return { side, client, calls, received: () => received };
  }

  it("sends the writes of one turn as one, in order, and each turn's at its end", async () => {
    const { side, client, calls, received } = await pair();
    for (const frame of ["a", "b", "c", "d", "e"]) side.write(frame);
    expect(calls).toEqual([]); // held until the turn ends
    await turn();
    expect(calls).toEqual([5]);
    side.write("f");
    side.write("g");
    await turn();
    expect(calls).toEqual([5, 2]);
    await expect.poll(received).toBe("abcdefg");
    client.destroy();
  });

  it("lets end() flush what the turn holds", async () => {
    const { side, received } = await pair();
    side.write("last words");
    side.end();
    await expect.poll(received).toBe("last words");
    await turn(); // the turn's release finds the socket already flushed
  });

  it("finds the TCP socket only under a WebSocket transport", () => {
    const tcp = new Socket();
    expect(socketOfTransport({ name: "websocket", socket: { _socket: tcp } })).toBe(tcp);
    expect(socketOfTransport({ name: "polling" })).toBeUndefined();
    expect(socketOfTransport({ name: "websocket", socket: {} })).toBeUndefined();
    expect(socketOfTransport(undefined)).toBeUndefined();
    tcp.destroy();
  });
});
