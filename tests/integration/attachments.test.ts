// Attachments through a real server: tus uploads (refused before they start, resumed after a
// drop), what is stored (sniffed type, images without EXIF, thumbnails), who may fetch a file
// (the two sides only; a stranger, a blocked account and a missing id alike get 404), how it
// is served (inline only for images, nosniff, sandbox), idempotent sends, and collection when
// messages or accounts go. On PostgreSQL the files are in a local S3-compatible bucket.
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttachmentUsage, InstantMessage, MessagePage } from "@/lib/protocol";
import { ask, connect, newUser, nextEvent, ok, PASSWORD, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

let server: TestServer;
const MAX_BYTES = 2 * 1024 * 1024;
const QUOTA_BYTES = 5 * 1024 * 1024;

beforeAll(async () => {
  server = await startServer({ env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_QUOTA_BYTES: String(QUOTA_BYTES) } });
});
afterAll(async () => {
  if (process.env.SHOW_SERVER_LOGS) console.log(server.logs.filter((line) => /"level":(40|50)/.test(line)).join("\n"));
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

type Person = { username: string; cookie: string; socket: TestSocket };

async function person(prefix: string): Promise<Person> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket } = await connect(server, cookie);
  return { username, cookie, socket };
}


async function friends(a: Person, b: Person) {
  await ok(ask(a.socket, "subscription:request", { username: b.username }));
  await ok(ask(b.socket, "subscription:request", { username: a.username }));
}

const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");

/** tus: creates an upload; answers the response (201 with Location, or the refusal). */
function createUpload(who: Person, size: number, name: string) {
  return fetch(`${server.url}/api/uploads`, {
    method: "POST",
    headers: {
      cookie: who.cookie,
      "Tus-Resumable": "1.0.0",
      "Upload-Length": String(size),
      "Upload-Metadata": metadata({ filename: name, filetype: "image/png" }),
    },
  });
}

function patch(who: Person, location: string, offset: number, bytes: Buffer) {
  return fetch(new URL(location, server.url), {
    method: "PATCH",
    headers: {
      cookie: who.cookie,
      "Tus-Resumable": "1.0.0",
      "Upload-Offset": String(offset),
      "Content-Type": "application/offset+octet-stream",
    },
    body: new Uint8Array(bytes),
  });
}

/** Uploads a whole file; resolves with the upload's (and attachment's) id. */
async function upload(who: Person, bytes: Buffer, name: string): Promise<string> {
  const created = await createUpload(who, bytes.length, name);
  expect(created.status).toBe(201);
  const location = created.headers.get("location")!;
  const done = await patch(who, location, 0, bytes);
  expect(done.status).toBe(204);
  return location.split("/").pop()!;
}

function fetchFile(who: Pick<Person, "cookie"> | null, id: string, variant = "") {
  return fetch(`${server.url}/api/attachments/${id}${variant}`, { headers: who ? { cookie: who.cookie } : {} });
}

async function gpsPhoto(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: "TestCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** How many blobs the server keeps: files under DATA_DIR/attachments, or objects in its bucket. */
async function blobCount(): Promise<number> {
  if (server.env.S3_BUCKET) {
    const client = new S3Client({
      region: server.env.S3_REGION!,
      endpoint: server.env.S3_ENDPOINT!,
      forcePathStyle: true,
      credentials: { accessKeyId: server.env.S3_ACCESS_KEY_ID!, secretAccessKey: server.env.S3_SECRET_ACCESS_KEY! },
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: server.env.S3_BUCKET }));
    client.destroy();
    return listed.KeyCount ?? 0;
  }
  const root = path.join(server.dataDir, "attachments");
  const walk = (dir: string): number =>
    readdirSync(dir).reduce((count, entry) => {
      const full = path.join(dir, entry);
      return count + (statSync(full).isDirectory() ? walk(full) : 1);
    }, 0);
  try {
    return walk(root);
  } catch {
    return 0;
  }
}

const send = (from: Person, to: string, body: string, attachments: string[], clientId = randomUUID()) =>
  ask(from.socket, "im:send", { to, clientId, body, attachments });

describe("uploading", () => {
  it("stores a photo without its EXIF (GPS), orientation applied, with a thumbnail and a preview", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const photo = await gpsPhoto();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const id = await upload(alice, photo, "holiday.jpg");
    const received = nextEvent(bob.socket, "im:received");
    const message = await ok<InstantMessage>(send(alice, bob.username, "", [id]));
    expect(message.body).toBe("");
    expect(message.attachments).toEqual([
      {
        id,
        name: "holiday.jpg",
        type: "image/jpeg",
        size: expect.any(Number),
        kind: "image",
        width: 600,
        height: 800,
        url: `/api/attachments/${id}`,
        thumbnailUrl: `/api/attachments/${id}/thumbnail`,
        previewUrl: `/api/attachments/${id}/preview`,
      },
    ]);
    expect((await received).message.attachments).toEqual(message.attachments);

    const stored = await fetchFile(bob, id);
    expect(stored.status).toBe(200);
    expect(stored.headers.get("content-type")).toBe("image/jpeg");
    expect(stored.headers.get("content-disposition")).toBe('inline; filename="holiday.jpg"');
    expect(stored.headers.get("x-content-type-options")).toBe("nosniff");
    expect(stored.headers.get("content-security-policy")).toContain("sandbox");
    const bytes = Buffer.from(await stored.arrayBuffer());
    const info = await sharp(bytes).metadata();
    expect(info.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from("TestCam"))).toBe(false);
    expect([info.width, info.height]).toEqual([600, 800]);

    const thumbnail = await fetchFile(bob, id, "/thumbnail");
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    const thumb = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBe(320);
    expect(thumb.height! > thumb.width!).toBe(true);
    expect((await fetchFile(bob, id, "/preview")).status).toBe(200);
    // Revalidated every time (access can change), cheaply: the ETag names the content.
    expect(stored.headers.get("cache-control")).toBe("private, no-cache");
    const again = await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: bob.cookie, "if-none-match": stored.headers.get("etag")! } });
    expect(again.status).toBe(304);
    alice.socket.close();
    bob.socket.close();
  });

  it("serves a PDF as a download, and a .png that is really HTML as a download with nosniff", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const pdf = await upload(alice, PDF, "report.pdf");
    const html = await upload(alice, Buffer.from("<html><script>alert(document.cookie)</script></html>"), "cat.png");
    const svg = await upload(alice, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), "logo.svg");
    const message = await ok<InstantMessage>(send(alice, bob.username, "files", [pdf, html, svg]));
    expect(message.attachments.map((attachment) => [attachment.name, attachment.kind, attachment.type, attachment.thumbnailUrl])).toEqual([
      ["report.pdf", "file", "application/pdf", null],
      ["cat.png", "file", "application/octet-stream", null],
      ["logo.svg", "file", "application/octet-stream", null],
    ]);
    const served = await fetchFile(bob, pdf);
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("content-disposition")).toBe('attachment; filename="report.pdf"');
    expect(Buffer.from(await served.arrayBuffer()).equals(PDF)).toBe(true);
    for (const id of [html, svg]) {
      const response = await fetchFile(bob, id);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'; sandbox");
      expect((await fetchFile(bob, id, "/thumbnail")).status).toBe(404);
    }
    alice.socket.close();
    bob.socket.close();
  });

  it("refuses a file over the size limit or the quota before it starts, with a clear message", async () => {
    const alice = await person("alice");
    const tooLarge = await createUpload(alice, MAX_BYTES + 1, "big.bin");
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toMatch(/at most 2 MB/);
    // Two uploads in progress count against the quota with their announced sizes.
    for (let index = 0; index < 2; index += 1) expect((await createUpload(alice, MAX_BYTES, "part.bin")).status).toBe(201);
    const overQuota = await createUpload(alice, MAX_BYTES, "more.bin");
    expect(overQuota.status).toBe(413);
    expect(((await overQuota.json()) as { error: { message: string } }).error.message).toMatch(/storage/);
    const usage = (await (await fetch(`${server.url}/api/account/attachments`, { headers: { cookie: alice.cookie } })).json()) as AttachmentUsage;
    expect(usage).toEqual({ usedBytes: 2 * MAX_BYTES, quotaBytes: QUOTA_BYTES, maxFileBytes: MAX_BYTES, count: 2 });
    expect((await fetch(`${server.url}/api/uploads`, { method: "POST", headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10" } })).status).toBe(401);
    // Another site's page cannot upload with the visitor's cookie.
    const crossSite = await fetch(`${server.url}/api/uploads`, {
      method: "POST",
      headers: { cookie: alice.cookie, origin: "https://evil.example", "Tus-Resumable": "1.0.0", "Upload-Length": "10" },
    });
    expect(crossSite.status).toBe(401);
    alice.socket.close();
  });

  it("resumes an interrupted upload from the offset the server has, without sending it again", async () => {
    const alice = await person("alice");
    const bytes = Buffer.concat([PDF, randomBytes(300_000)]);
    const created = await createUpload(alice, bytes.length, "long.pdf");
    const location = created.headers.get("location")!;
    // The connection drops after part of the body: the server keeps what arrived.
    const half = 150_000;
    expect((await patch(alice, location, 0, bytes.subarray(0, half))).status).toBe(204);
    const head = await fetch(new URL(location, server.url), { method: "HEAD", headers: { cookie: alice.cookie, "Tus-Resumable": "1.0.0" } });
    expect(head.headers.get("upload-offset")).toBe(String(half));
    expect((await patch(alice, location, half, bytes.subarray(half))).status).toBe(204);
    // A client that lost that answer asks again: the upload is complete.
    const after = await fetch(new URL(location, server.url), { method: "HEAD", headers: { cookie: alice.cookie, "Tus-Resumable": "1.0.0" } });
    expect([after.status, after.headers.get("upload-offset"), after.headers.get("upload-length")]).toEqual([
      200,
      String(bytes.length),
      String(bytes.length),
    ]);
    // Someone else cannot see or continue it.
    const mallory = await person("mallory");
    const other = await fetch(new URL(location, server.url), { method: "HEAD", headers: { cookie: mallory.cookie, "Tus-Resumable": "1.0.0" } });
    expect(other.status).toBe(404);
    alice.socket.close();
    mallory.socket.close();
  });
});

describe("who may fetch a file", () => {
  it("answers a stranger, a blocked account and a missing id with the same 404", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const stranger = await person("stranger");
    await friends(alice, bob);
    const id = await upload(alice, PDF, "secret.pdf");
    await ok(send(alice, bob.username, "for you", [id]));
    expect((await fetchFile(bob, id)).status).toBe(200);
    const missing = await fetchFile(bob, randomUUID());
    const strangers = await fetchFile(stranger, id);
    await ok(ask(alice.socket, "privacy:quick-rule", { username: bob.username, action: "block" }));
    const blocked = await fetchFile(bob, id);
    for (const response of [missing, strangers, blocked]) expect(response.status).toBe(404);
    const bodies = await Promise.all([missing, strangers, blocked].map((response) => response.json()));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect((await fetchFile(null, id)).status).toBe(401);
    // The sender keeps seeing their own file.
    expect((await fetchFile(alice, id)).status).toBe(200);
    for (const who of [alice, bob, stranger]) who.socket.close();
  });

  it("shows a message request's files by name and size only until it is accepted", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const id = await upload(alice, PDF, "cv.pdf");
    const received = nextEvent(bob.socket, "im:received");
    await ok(send(alice, bob.username, "hello", [id]));
    const [attachment] = (await received).message.attachments;
    expect(attachment).toMatchObject({ name: "cv.pdf", type: "application/pdf", url: null, thumbnailUrl: null, previewUrl: null });
    expect((await fetchFile(bob, id)).status).toBe(404);
    await ok(ask(bob.socket, "im:respond-request", { peer: alice.username, action: "accept" }));
    const page = await ok<MessagePage>(ask(bob.socket, "im:history", { peer: alice.username }));
    expect(page.messages[0]?.attachments[0]?.url).toBe(`/api/attachments/${id}`);
    expect((await fetchFile(bob, id)).status).toBe(200);
    alice.socket.close();
    bob.socket.close();
  });
});

describe("sending with attachments", () => {
  it("keeps a retried send idempotent, and refuses uploads that are not the sender's or already sent", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    const mallory = await person("mallory");
    await friends(alice, bob);
    const id = await upload(alice, PDF, "a.pdf");
    const clientId = randomUUID();
    const first = await ok<InstantMessage>(send(alice, bob.username, "once", [id], clientId));
    const again = await ok<InstantMessage>(send(alice, bob.username, "once", [id], clientId));
    expect(again).toEqual(first);
    const page = await ok<MessagePage>(ask(bob.socket, "im:history", { peer: alice.username }));
    expect(page.messages.filter((message) => message.body === "once")).toHaveLength(1);
    expect(await send(alice, bob.username, "again", [id])).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    const theirs = await upload(mallory, PDF, "m.pdf");
    expect(await send(alice, bob.username, "theirs", [theirs])).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(await send(alice, bob.username, "", [])).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    for (const who of [alice, bob, mallory]) who.socket.close();
  });

  it("finds a message by its caption and by its files' names", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const id = await upload(alice, PDF, "Invoice-Zebra-2026.pdf");
    const sent = await ok<InstantMessage>(send(alice, bob.username, "", [id]));
    for (const query of ["zebra", "invoice zeb"]) {
      const found = await ok<MessagePage>(ask(bob.socket, "im:search", { query }));
      expect(found.messages.map((message) => message.id)).toEqual([sent.id]);
    }
    alice.socket.close();
    bob.socket.close();
  });

  it("attaches nothing when the delivery rules refuse the send", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await ok(ask(bob.socket, "im:set-settings", { acceptFrom: "nobody" }));
    const id = await upload(alice, PDF, "x.pdf");
    expect(await send(alice, bob.username, "hi", [id])).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await ok(ask(bob.socket, "im:set-settings", { acceptFrom: "everyone" }));
    // Still the sender's to send.
    expect((await send(alice, bob.username, "hi", [id])).ok).toBe(true);
    alice.socket.close();
    bob.socket.close();
  });
});

describe("the data export", () => {
  it("lists each message's files with links that work for the exporting session", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const id = await upload(alice, PDF, "minutes.pdf");
    await ok(send(alice, bob.username, "minutes", [id]));
    const exported = (await (await fetch(`${server.url}/api/account/export`, { headers: { cookie: bob.cookie } })).json()) as {
      inbox: { messages: { body: string; attachments?: { id: string; name: string; url: string }[] }[] };
    };
    const message = exported.inbox.messages.find((candidate) => candidate.body === "minutes");
    expect(message?.attachments).toEqual([{ id, name: "minutes.pdf", type: "application/pdf", size: PDF.length, url: `/api/attachments/${id}` }]);
    expect((await fetch(new URL(message!.attachments![0]!.url, server.url), { headers: { cookie: bob.cookie } })).status).toBe(200);
    alice.socket.close();
    bob.socket.close();
  });
});

describe("collection", () => {
  it("frees a file once both sides deleted its message", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const before = await blobCount();
    const id = await upload(alice, Buffer.concat([PDF, randomBytes(1000)]), "gone.pdf");
    const message = await ok<InstantMessage>(send(alice, bob.username, "bye", [id]));
    expect(await blobCount()).toBe(before + 1);
    await ok(ask(alice.socket, "im:delete", { ids: [message.id] }));
    expect(await blobCount()).toBe(before + 1);
    expect((await fetchFile(alice, id)).status).toBe(404);
    expect((await fetchFile(bob, id)).status).toBe(200);
    await ok(ask(bob.socket, "im:delete", { ids: [message.id] }));
    expect(await blobCount()).toBe(before);
    alice.socket.close();
    bob.socket.close();
  });

  it("keeps no file of a message deleted for everyone: neither side sees or fetches it, and it is freed", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const before = await blobCount();
    const id = await upload(alice, Buffer.concat([PDF, randomBytes(1000)]), "oops.pdf");
    const message = await ok<InstantMessage>(send(alice, bob.username, "wrong file", [id]));
    expect(message.attachments).toHaveLength(1);
    const retracted = await ok<InstantMessage>(ask(alice.socket, "im:retract", { messageId: message.id, clientId: randomUUID() }));
    expect(retracted).toMatchObject({ retracted: true, body: "", attachments: [] });
    const page = await ok<MessagePage>(ask(bob.socket, "im:history", { peer: alice.username, limit: 10 }));
    expect(page.messages[0]).toMatchObject({ id: message.id, retracted: true, attachments: [] });
    expect((await fetchFile(alice, id)).status).toBe(404);
    expect((await fetchFile(bob, id)).status).toBe(404);
    expect(await blobCount()).toBe(before);
    alice.socket.close();
    bob.socket.close();
  });

  it("frees an account's files when it is deleted", async () => {
    const alice = await person("alice");
    const bob = await person("bob");
    await friends(alice, bob);
    const before = await blobCount();
    const sent = await upload(bob, Buffer.concat([PDF, randomBytes(1000)]), "to-alice.pdf");
    const message = await ok<InstantMessage>(send(bob, alice.username, "take it", [sent]));
    await upload(bob, Buffer.concat([PDF, randomBytes(1000)]), "unsent.pdf");
    await ok(ask(alice.socket, "im:delete", { ids: [message.id] }));
    expect(await blobCount()).toBe(before + 2);
    const deleted = await fetch(`${server.url}/api/account`, {
      method: "DELETE",
      headers: { cookie: bob.cookie, "content-type": "application/json" },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(deleted.status).toBe(200);
    expect(await blobCount()).toBe(before);
    alice.socket.close();
  });
});
