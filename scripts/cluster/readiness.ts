// Waiting for the cluster's parts: a port nobody holds before starting, and a healthy
// /api/health after, given up on as soon as the process behind it ends.
import { createServer } from "node:net";

export function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Resolves when `url` answers 200; rejects when `gone` settles first or the time is up. */
export async function waitUntilHealthy(url: string, gone: Promise<unknown>, timeoutMs: number): Promise<void> {
  let ended = false;
  void gone.then(() => (ended = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended) throw new Error(`${url}: the process ended before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
