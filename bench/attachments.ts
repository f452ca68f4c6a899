// `npx tsx bench/attachments.ts [--runs N]`: attachments through the real server (production
// build, SQLite, files in DATA_DIR/attachments): tus upload and download throughput of a 10 MB
// file, and the time from starting to upload a 12-megapixel photo to its thumbnail being
// served. Loopback only; a few sequential runs, medians printed.
import { randomBytes, randomUUID } from "node:crypto";
import sharp from "sharp";
import { connect, newUser, removeDataDir, startServer } from "../tests/integration/harness";
import { ensureBuild } from "./common";

const runsAt = process.argv.indexOf("--runs");
const runs = runsAt === -1 ? 5 : Number(process.argv[runsAt + 1]);
if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs takes a whole number of runs, at least 1");
const FILE_BYTES = 10 * 1024 * 1024;
const CHUNK_BYTES = 5 * 1024 * 1024;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mbPerSecond = (bytes: number, ms: number) => bytes / 1024 / 1024 / (ms / 1000);

async function main() {
  ensureBuild();
  const server = await startServer({ env: { ATTACHMENT_MAX_BYTES: String(50 * 1024 * 1024), IM_SENDS_PER_10_SECONDS: "1000" } });
  try {
    const alice = await newUser(server, "alice");
    const bob = await newUser(server, "bob");
    const aliceTab = await connect(server, alice.cookie);
    const bobTab = await connect(server, bob.cookie);
    for (const [from, to] of [[aliceTab, bob], [bobTab, alice]] as const) {
      await from.socket.timeout(5_000).emitWithAck("subscription:request", { username: to.username });
    }

    async function upload(bytes: Buffer, name: string): Promise<string> {
      const created = await fetch(`${server.url}/api/uploads`, {
        method: "POST",
        headers: {
          cookie: alice.cookie,
          "Tus-Resumable": "1.0.0",
          "Upload-Length": String(bytes.length),
          "Upload-Metadata": `filename ${Buffer.from(name).toString("base64")}`,
        },
      });
      if (created.status !== 201) throw new Error(`create: ${created.status} ${await created.text()}`);
      const location = new URL(created.headers.get("location")!, server.url);
      for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
        const response = await fetch(location, {
          method: "PATCH",
          headers: { cookie: alice.cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
          body: new Uint8Array(bytes.subarray(offset, offset + CHUNK_BYTES)),
        });
        if (response.status !== 204) throw new Error(`patch: ${response.status} ${await response.text()}`);
      }
      return location.pathname.split("/").pop()!;
    }
    async function send(id: string) {
      const ack = (await aliceTab.socket.timeout(5_000).emitWithAck("im:send", { to: bob.username, clientId: randomUUID(), body: "", attachments: [id] })) as { ok: boolean };
      if (!ack.ok) throw new Error(`send: ${JSON.stringify(ack)}`);
    }

    const uploads: number[] = [];
    const downloads: number[] = [];
    const thumbnails: number[] = [];
    const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: "gray", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
      .jpeg({ quality: 85 })
      .toBuffer();
    for (let run = 0; run < runs; run += 1) {
      const file = randomBytes(FILE_BYTES);
      let started = performance.now();
      const id = await upload(file, "big.bin");
      uploads.push(performance.now() - started);
      await send(id);
      started = performance.now();
      const response = await fetch(`${server.url}/api/attachments/${id}`, { headers: { cookie: bob.cookie } });
      const length = (await response.arrayBuffer()).byteLength;
      if (length !== FILE_BYTES) throw new Error(`download: ${length} bytes`);
      downloads.push(performance.now() - started);

      started = performance.now();
      const image = await upload(Buffer.concat([photo, randomBytes(16)]), "photo.jpg");
      await send(image);
      const thumbnail = await fetch(`${server.url}/api/attachments/${image}/thumbnail`, { headers: { cookie: bob.cookie } });
      await thumbnail.arrayBuffer();
      if (thumbnail.status !== 200) throw new Error(`thumbnail: ${thumbnail.status}`);
      thumbnails.push(performance.now() - started);
    }
    console.log(`attachments, ${runs} runs (median)`);
    console.log(`  upload 10 MB (tus, 5 MB chunks)   ${median(uploads).toFixed(0)} ms   ${mbPerSecond(FILE_BYTES, median(uploads)).toFixed(1)} MB/s`);
    console.log(`  download 10 MB                    ${median(downloads).toFixed(0)} ms   ${mbPerSecond(FILE_BYTES, median(downloads)).toFixed(1)} MB/s`);
    console.log(`  12 MP photo (${(photo.length / 1024 / 1024).toFixed(1)} MB) to first thumbnail  ${median(thumbnails).toFixed(0)} ms`);
    aliceTab.socket.close();
    bobTab.socket.close();
  } finally {
    await server.stop();
    await removeDataDir(server.dataDir);
  }
}

await main();
