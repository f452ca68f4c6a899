// A local S3-compatible server (s3rver, in this process) for the blob store's contract suite
// and for integration tests on PostgreSQL, which store attachments in a bucket: one per test
// process, started on first use, with a fresh bucket per caller.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { S3Client, CreateBucketCommand } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import type { S3Settings } from "@/lib/db/blobs/s3-blob-store";

const root = path.resolve(import.meta.dirname, "..");
/** s3rver's own credentials. */
const CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

let running: Promise<string> | undefined;

function start(): Promise<string> {
  const directory = path.join(root, ".tmp", `s3-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, resetOnClose: true });
  return new Promise((resolve, reject) => {
    server.run((error: Error | null, details?: { address: string; port: number }) => {
      if (error || !details) return reject(error ?? new Error("s3rver did not start"));
      // Ends with the test process; it holds nothing open that matters.
      (server as unknown as { httpServer?: { unref(): void } }).httpServer?.unref();
      resolve(`http://127.0.0.1:${details.port}`);
    });
  });
}

/** Settings of a new, empty bucket on the local S3 server. */
export async function localBucket(): Promise<S3Settings> {
  const endpoint = await (running ??= start());
  const bucket = `test-${randomBytes(6).toString("hex")}`;
  const client = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: CREDENTIALS });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return { bucket, endpoint, region: "us-east-1", forcePathStyle: true, ...CREDENTIALS };
}

/** The same bucket as server settings (lib/env.ts). */
export function bucketEnv(settings: S3Settings): Record<string, string> {
  return {
    S3_BUCKET: settings.bucket,
    S3_ENDPOINT: settings.endpoint!,
    S3_REGION: settings.region,
    S3_ACCESS_KEY_ID: settings.accessKeyId!,
    S3_SECRET_ACCESS_KEY: settings.secretAccessKey!,
    S3_FORCE_PATH_STYLE: "true",
  };
}
