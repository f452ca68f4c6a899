// A local push service (RFC 8030) for the integration tests: an HTTPS server with a
// self-signed certificate (the app's server trusts it through NODE_EXTRA_CA_CERTS) that takes
// push messages for devices of our own making, each with its own P-256 key pair and
// authentication secret, and decrypts them as a browser would (RFC 8291, aes128gcm, with the
// http_ece package web-push itself uses). It also checks the VAPID signature (RFC 8292).
import { execFileSync } from "node:child_process";
import { createECDH, createPublicKey, type ECDH, randomBytes, randomUUID, verify } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

const ece = createRequire(import.meta.url)("http_ece") as {
  decrypt(buffer: Buffer, params: { version: "aes128gcm"; privateKey: ECDH; authSecret: Buffer }): Buffer;
};

export type ReceivedPush = {
  deviceId: string;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes on the wire, encrypted. */
  body: Buffer;
  /** What the device reads after decrypting. */
  payload: unknown;
  /** The VAPID key (k=) the push was signed with; the signature is checked before it is kept. */
  vapidKey: string;
};

export type TestDevice = {
  id: string;
  /** PushSubscription.toJSON() of a browser subscribed at this push service. */
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  /** The status the push service answers this device's pushes with (201 unless changed). */
  status: number;
};

const b64url = (bytes: Buffer) => bytes.toString("base64url");

/** Checks `Authorization: vapid t=<JWT>, k=<key>` (RFC 8292 §3): an ES256 JWT for this origin. */
function verifyVapid(header: string | undefined, origin: string): string {
  const match = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? "");
  if (!match) throw new Error(`no VAPID authorization: ${header}`);
  const [, jwt, key] = match as unknown as [string, string, string];
  const [head, claims, signature] = jwt.split(".") as [string, string, string];
  const point = Buffer.from(key, "base64url");
  const publicKey = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) },
    format: "jwk",
  });
  const valid = verify("sha256", Buffer.from(`${head}.${claims}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!valid) throw new Error("VAPID signature does not verify");
  const body = JSON.parse(Buffer.from(claims, "base64url").toString("utf8")) as { aud?: string; exp?: number; sub?: string };
  if (body.aud !== origin) throw new Error(`VAPID audience ${body.aud} is not ${origin}`);
  if (!body.exp || body.exp * 1000 < Date.now()) throw new Error("VAPID token expired");
  return key;
}

export async function startPushReceiver() {
  const dir = mkdtempSync(path.join(tmpdir(), "push-receiver-"));
  const certFile = path.join(dir, "cert.pem");
  const keyFile = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
      .concat(["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", keyFile, "-out", certFile]),
    { stdio: "ignore" },
  );
  const devices = new Map<string, TestDevice & { ecdh: ECDH; auth: Buffer }>();
  const received: ReceivedPush[] = [];
  const waiters = new Set<() => void>();
  const problems: string[] = [];

  const server: Server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const deviceId = /^\/push\/([\w-]+)$/.exec(request.url ?? "")?.[1] ?? "";
      const device = devices.get(deviceId);
      if (!device || request.method !== "POST") {
        response.writeHead(404).end();
        return;
      }
      const body = Buffer.concat(chunks);
      try {
        const vapidKey = verifyVapid(request.headers.authorization, origin);
        const payload = JSON.parse(ece.decrypt(body, { version: "aes128gcm", privateKey: device.ecdh, authSecret: device.auth }).toString("utf8"));
        received.push({ deviceId, headers: request.headers, body, payload, vapidKey });
      } catch (error) {
        problems.push(String(error));
        response.writeHead(400).end();
        return;
      }
      response.writeHead(device.status).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** For the app server's environment: trust this push service's certificate. */
    caFile: certFile,
    received,
    problems,
    /** A new browser subscription at this push service. */
    device(): TestDevice {
      const ecdh = createECDH("prime256v1");
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const id = randomUUID();
      const device = {
        id,
        subscription: { endpoint: `${origin}/push/${id}`, keys: { p256dh: b64url(ecdh.getPublicKey()), auth: b64url(auth) } },
        status: 201,
        ecdh,
        auth,
      };
      devices.set(id, device);
      return device;
    },
    /** Pushes for this device so far. */
    for: (device: TestDevice) => received.filter((push) => push.deviceId === device.id),
    /** Resolves once `count` pushes reached the device (rejects after `timeoutMs`). */
    async waitFor(device: TestDevice, count = 1, timeoutMs = 10_000): Promise<ReceivedPush[]> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const got = received.filter((push) => push.deviceId === device.id);
        if (got.length >= count) return got;
        if (problems.length > 0) throw new Error(`push receiver: ${problems.join("; ")}`);
        if (Date.now() > deadline) throw new Error(`${got.length} of ${count} pushes arrived within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 100);
        });
      }
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type PushReceiver = Awaited<ReturnType<typeof startPushReceiver>>;
