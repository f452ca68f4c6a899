// A TCP port nobody listens on right now, for a server a test or the bench starts itself.
import { createServer } from "node:net";

function listenBriefly(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function freePort(): Promise<number> {
  return listenBriefly(0);
}

/** The first of `count` consecutive free ports (for a command that numbers its ports from one). */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = await freePort();
    if (first + count - 1 > 65_535) continue;
    const rest = Array.from({ length: count - 1 }, (_, index) => first + 1 + index);
    const free = await Promise.all(rest.map((port) => listenBriefly(port).then(() => true, () => false)));
    if (free.every(Boolean)) return first;
  }
  throw new Error(`no ${count} consecutive free ports`);
}
