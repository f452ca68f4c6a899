// What a completed upload becomes before it is stored: its type sniffed from the bytes (never
// the name or the client's Content-Type); an image re-encoded with its orientation applied and
// every metadata block (EXIF with GPS, XMP, ICC comments) dropped, plus a thumbnail and a
// preview, so the sizes are known before a view loads anything.
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { isInlineImage } from "./rules";

export const THUMBNAIL_SIZE = 320;
export const PREVIEW_SIZE = 1600;
/** Refuse images whose pixels would take too much memory to decode (a decompression bomb). */
const MAX_PIXELS = 100_000_000;

export type ProcessedUpload = {
  bytes: Buffer;
  type: string;
  width: number | null;
  height: number | null;
  /** WebP variants of an image; null for other files. */
  thumbnail: Buffer | null;
  preview: Buffer | null;
};

async function reencode(input: Buffer, type: string): Promise<{ bytes: Buffer; width: number; height: number }> {
  const animated = type === "image/gif" || type === "image/webp";
  const image = sharp(input, { animated, limitInputPixels: MAX_PIXELS }).rotate();
  // Not mozjpeg: ~15% smaller photos for ten times the encoding time (seconds for a 12 MP photo,
  // before its thumbnail exists; bench/attachments.ts).
  const encoder =
    type === "image/jpeg"
      ? image.jpeg({ quality: 90 })
      : type === "image/png"
        ? image.png()
        : type === "image/gif"
          ? image.gif()
          : type === "image/webp"
            ? image.webp({ quality: 90 })
            : image.avif({ quality: 60 });
  const { data, info } = await encoder.toBuffer({ resolveWithObject: true });
  const height = (info as { pageHeight?: number }).pageHeight ?? info.height;
  return { bytes: data, width: info.width, height };
}

const variant = (input: Buffer, size: number) =>
  sharp(input, { limitInputPixels: MAX_PIXELS }).resize(size, size, { fit: "inside", withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();

export async function processUpload(input: Buffer): Promise<ProcessedUpload> {
  const sniffed = await fileTypeFromBuffer(input);
  const type = sniffed?.mime ?? "application/octet-stream";
  if (!isInlineImage(type)) return { bytes: input, type, width: null, height: null, thumbnail: null, preview: null };
  try {
    const stored = await reencode(input, type);
    const [thumbnail, preview] = await Promise.all([variant(stored.bytes, THUMBNAIL_SIZE), variant(stored.bytes, PREVIEW_SIZE)]);
    return { bytes: stored.bytes, type, width: stored.width, height: stored.height, thumbnail, preview };
  } catch {
    // Looks like an image but does not decode: kept as an opaque file, never shown inline.
    return { bytes: input, type: "application/octet-stream", width: null, height: null, thumbnail: null, preview: null };
  }
}
