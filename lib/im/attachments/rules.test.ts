import { describe, expect, it } from "vitest";
import { contentDisposition, formatBytes, isInlineImage, safeFileName, uploadRefusal } from "./rules";

const MB = 1024 * 1024;

describe("uploadRefusal", () => {
  const limits = { maxBytes: 25 * MB, quotaBytes: 1024 * MB };
  it("lets a file within the limit and the quota through", () => {
    expect(uploadRefusal({ size: 25 * MB, usedBytes: 0, ...limits })).toBeNull();
    expect(uploadRefusal({ size: 1, usedBytes: 1024 * MB - 1, ...limits })).toBeNull();
  });
  it("refuses an empty or unsized file, one over the limit, and one over the quota, saying which", () => {
    expect(uploadRefusal({ size: 0, usedBytes: 0, ...limits })).toBe("The file is empty.");
    expect(uploadRefusal({ size: -1, usedBytes: 0, ...limits })).toBe("Say how large the file is.");
    expect(uploadRefusal({ size: 25 * MB + 1, usedBytes: 0, ...limits })).toBe("A file may be at most 25 MB.");
    expect(uploadRefusal({ size: 2 * MB, usedBytes: 1023 * MB, ...limits })).toMatch(/exceed your 1 GB of storage \(1 MB left\)/);
  });
});

describe("type policy", () => {
  it("shows only raster images inline; SVG, HTML and everything else is downloaded", () => {
    for (const type of ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]) expect(isInlineImage(type)).toBe(true);
    for (const type of ["image/svg+xml", "text/html", "application/pdf", "application/octet-stream", "image/heic"]) {
      expect(isInlineImage(type)).toBe(false);
    }
  });
  it("says inline or attachment in Content-Disposition accordingly", () => {
    expect(contentDisposition("image/png", "cat.png")).toBe('inline; filename="cat.png"');
    expect(contentDisposition("image/svg+xml", "logo.svg")).toBe('attachment; filename="logo.svg"');
    expect(contentDisposition("text/html", "page.html")).toBe('attachment; filename="page.html"');
  });
});

describe("file names", () => {
  it("drops folders, control and bidi-override characters, quotes and leading dots", () => {
    expect(safeFileName("../../etc/passwd")).toBe("passwd");
    expect(safeFileName("C:\\Users\\me\\report.pdf")).toBe("report.pdf");
    expect(safeFileName("in\u202Egnp.exe")).toBe("ingnp.exe");
    expect(safeFileName('a"b\r\nc.txt')).toBe("a_bc.txt");
    expect(safeFileName(".htaccess")).toBe("htaccess");
    expect(safeFileName("   ")).toBe("file");
  });
  it("shortens a long name to 200 characters, keeping its extension", () => {
    const name = safeFileName(`${"x".repeat(300)}.jpeg`);
    expect([...name].length).toBe(200);
    expect(name.endsWith(".jpeg")).toBe(true);
  });
  it("offers a non-ASCII name as an ASCII fallback and RFC 8187 UTF-8", () => {
    expect(contentDisposition("application/pdf", "Größe (1).pdf")).toBe(
      `attachment; filename="Gr__e (1).pdf"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%281%29.pdf`,
    );
    expect(contentDisposition("application/pdf", 'x";y.pdf')).not.toMatch(/filename="x";/);
  });
  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 bytes");
    expect(formatBytes(1536)).toBe("1.5 KB");
  });
});
