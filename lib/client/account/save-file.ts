// Hands a fetched file to the browser's downloads, under the given name.

export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: some browsers read the URL after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
