// Validates XML documents against the IETF schemas in tests/standards with xmllint
// (Debian's libxml2-utils; .ci/run installs it when missing).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const SCHEMAS = path.resolve(import.meta.dirname, "../standards");

export function assertXmllint() {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error("xmllint is needed to validate PIDF and watcherinfo documents: apt-get install libxml2-utils");
  }
}

/** Runs xmllint with the schema; returns its exit code (0 valid, 3 invalid) and messages. */
export function validate(xml: string, schema: "presence-all.xsd" | "pidf.xsd" | "watcherinfo.xsd") {
  const dir = mkdtempSync(path.join(tmpdir(), "buddylist-xml-"));
  try {
    const file = path.join(dir, "document.xml");
    writeFileSync(file, xml);
    const result = spawnSync("xmllint", ["--nonet", "--noout", "--schema", path.join(SCHEMAS, schema), file], {
      encoding: "utf8",
    });
    return { code: result.status, messages: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
