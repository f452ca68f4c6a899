// Pure rules about attachments: what may be uploaded (size, quota), which types render inline,
// and the file name a download is offered under.

/** Images a browser shows inline. Anything else, SVG and HTML above all, is only downloaded. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]);

export const isInlineImage = (type: string) => INLINE_IMAGE_TYPES.has(type);

/** Why an upload of this size is refused before it starts, or null when it may go ahead. */
export function uploadRefusal(input: { size: number; usedBytes: number; maxBytes: number; quotaBytes: number }): string | null {
  if (!Number.isSafeInteger(input.size) || input.size < 0) return "Say how large the file is.";
  if (input.size === 0) return "The file is empty.";
  if (input.size > input.maxBytes) return `A file may be at most ${formatBytes(input.maxBytes)}.`;
  if (input.usedBytes + input.size > input.quotaBytes) {
    const left = Math.max(0, input.quotaBytes - input.usedBytes);
    return `Your files would exceed your ${formatBytes(input.quotaBytes)} of storage (${formatBytes(left)} left). Delete some conversations' files first.`;
  }
  return null;
}

export function formatBytes(bytes: number): string {
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

const MAX_NAME_LENGTH = 200;

/**
 * A file name safe to keep and to offer: no folders, no control or bidi-override characters,
 * no leading dots, at most 200 characters (keeping the extension); "file" when nothing is left.
 */
export function safeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/["<>:|?*]/g, "_")
    .trim()
    .replace(/^\.+/, "");
  if (cleaned === "") return "file";
  const characters = [...cleaned];
  if (characters.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 16 ? cleaned.slice(dot) : "";
  return characters.slice(0, MAX_NAME_LENGTH - [...extension].length).join("") + extension;
}

/**
 * The Content-Disposition of a served file (RFC 6266): inline only for the images a browser
 * shows, attachment for everything else; the name in ASCII and, when it has other characters,
 * also as RFC 8187 UTF-8.
 */
export function contentDisposition(type: string, name: string): string {
  const disposition = isInlineImage(type) ? "inline" : "attachment";
  const safe = safeFileName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_");
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return ascii === safe ? `${disposition}; filename="${ascii}"` : `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers every attachment response carries, whatever it is. */
export const ATTACHMENT_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "private, no-cache",
} as const;
