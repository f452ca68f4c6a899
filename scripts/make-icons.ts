// `npx tsx scripts/make-icons.ts`: draws the app's icons into public/ — the web app manifest's
// 192 and 512 px icons, a maskable one (its drawing inside the central 80 % safe zone, the
// background to the edges), an Apple touch icon and /favicon.ico. No image tool is needed: the
// shapes are computed per pixel (4×4 samples for smooth edges) and written as PNG with zlib.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

type Rgba = [number, number, number, number];

const BRAND: Rgba = [79, 91, 213, 255]; // globals.css --color-brand, oklch(0.55 0.17 265)
const WHITE: Rgba = [255, 255, 255, 255];
const ONLINE: Rgba = [34, 197, 94, 255]; // the "available" dot
const CLEAR: Rgba = [0, 0, 0, 0];

/** The picture, in units of the icon's size (0…1): what colour is at (x, y)? */
type Picture = (x: number, y: number) => Rgba;

const inCircle = (x: number, y: number, cx: number, cy: number, r: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

function inRoundedSquare(x: number, y: number, inset: number, radius: number): boolean {
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && inCircle(x, y, cx, cy, radius);
}

/** A person (head and shoulders) with a green presence dot, scaled into `box` around the centre. */
function buddy(x: number, y: number, box: number): Rgba | null {
  const u = (x - 0.5) / box + 0.5;
  const v = (y - 0.5) / box + 0.5;
  if (inCircle(u, v, 0.78, 0.78, 0.15)) return inCircle(u, v, 0.78, 0.78, 0.11) ? ONLINE : BRAND;
  if (inCircle(u, v, 0.5, 0.36, 0.17)) return WHITE;
  const shoulders = inCircle(u, v, 0.5, 0.98, 0.34) && v <= 0.86;
  return shoulders ? WHITE : null;
}

const standard: Picture = (x, y) => (inRoundedSquare(x, y, 0.04, 0.2) ? (buddy(x, y, 0.8) ?? BRAND) : CLEAR);
// Maskable: platforms cut any shape out of it, down to the central circle of 80 % diameter.
const maskable: Picture = (x, y) => buddy(x, y, 0.6) ?? BRAND;

function crcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
const CRC = crcTable();
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size: number, picture: Picture): Buffer {
  const samples = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    const row = py * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      // Premultiplied average of the samples, so edges against transparency stay clean.
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = picture((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const offset = row + 1 + px * 4;
      raw[offset] = a ? Math.round(r / a) : 0;
      raw[offset + 1] = a ? Math.round(g / a) : 0;
      raw[offset + 2] = a ? Math.round(b / a) : 0;
      raw[offset + 3] = Math.round(a / (samples * samples));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** An .ico holding PNG images (every current browser reads them). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(({ data }) => data)]);
}

const publicDir = path.join(import.meta.dirname, "..", "public");
const write = (name: string, data: Buffer) => {
  writeFileSync(path.join(publicDir, name), data);
  console.log(`public/${name} (${data.length} bytes)`);
};
write("icons/icon-192.png", png(192, standard));
write("icons/icon-512.png", png(512, standard));
write("icons/maskable-512.png", png(512, maskable));
write("icons/apple-touch-icon.png", png(180, maskable)); // iOS rounds the corners itself
write("favicon.ico", ico([16, 32, 48].map((size) => ({ size, data: png(size, standard) }))));
