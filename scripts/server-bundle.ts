// The server as production runs it: server.ts and the project code it imports in one ES module,
// compiled by esbuild (packages stay in node_modules). Running the sources through tsx instead
// costs memory on every connection: tsx compiles with esbuild's keepNames, which renames each
// inner function with Object.defineProperty and so gives every closure a dictionary of its own
// (~300 bytes; an XMPP session makes about forty). Built in a fraction of a second, so every
// start builds it afresh from the current sources.
//
//   npx tsx scripts/server-bundle.ts    builds it and prints its path
import { renameSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

/** Where the bundle goes: beside the Next.js build it serves (`NEXT_DIST_DIR`). */
export function serverBundlePath(): string {
  return path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "buddylist-server", "server.mjs");
}

/** Builds the bundle (and its source map) and answers its path. Concurrent builds each write whole files. */
export function buildServerBundle(): string {
  const outfile = serverBundlePath();
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: ["server.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node}`,
    packages: "external",
    outfile,
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
    write: false,
  });
  mkdirSync(path.dirname(outfile), { recursive: true });
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outfile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  console.log(path.relative(root, buildServerBundle()));
}
