import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderNginxConfig } from "./nginx-config";

const template = readFileSync(path.resolve(import.meta.dirname, "../../deploy/nginx.conf"), "utf8");
const instances = (count: number) => Array.from({ length: count }, (_, index) => ({ host: "127.0.0.1", port: 3101 + index }));
const values = (count: number) => ({ listen: 8080, runtimeDir: "/srv/cluster", instances: instances(count) });
const comments = (text: string) => text.split("\n").filter((line) => line.trimStart().startsWith("#"));
const directives = (text: string) => text.split("\n").filter((line) => !line.trimStart().startsWith("#"));

describe("renderNginxConfig on deploy/nginx.conf", () => {
  it.each([1, 2, 3, 16])("with %i instances leaves every comment as it was", (count) => {
    const config = renderNginxConfig(template, values(count));
    expect(comments(config)).toEqual(comments(template));
    // The header comment names the placeholders; it must still read as the template's.
    expect(comments(config).join("\n")).toContain("@UPSTREAMS@");
  });

  it.each([1, 2, 3])("with %i instances lists each of them once in both upstream blocks", (count) => {
    const config = renderNginxConfig(template, values(count));
    for (const block of ["buddylist_sockets", "buddylist_http"]) {
      const body = new RegExp(`upstream ${block} \\{([^}]*)\\}`).exec(config)?.[1] ?? "";
      expect(body.match(/^\s+server .+;$/gm)).toEqual(
        instances(count).map(({ port }) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`),
      );
    }
    expect(config.match(/^\s*server 127\.0\.0\.1:/gm)).toHaveLength(2 * count);
  });

  it("fills in the port and the runtime folder, and leaves no placeholder in a directive", () => {
    const config = renderNginxConfig(template, values(2));
    expect(config).toContain("    listen 8080;");
    expect(config).toContain("pid /srv/cluster/nginx.pid;");
    expect(config).toContain("proxy_temp_path /srv/cluster/proxy;");
    expect(directives(config).join("\n")).not.toMatch(/@[A-Z_]+@/);
  });
});

describe("renderNginxConfig rules", () => {
  const minimal = "# fills @UPSTREAMS@, @LISTEN@ and @RUNTIME_DIR@\npid @RUNTIME_DIR@/pid;\nupstream u {\n  @UPSTREAMS@  # the instances\n}\nlisten @LISTEN@; # port\n";

  it("substitutes directives only, keeping a trailing comment on the same line", () => {
    expect(renderNginxConfig(minimal, { listen: 81, runtimeDir: "/r", instances: instances(2) })).toBe(
      "# fills @UPSTREAMS@, @LISTEN@ and @RUNTIME_DIR@\npid /r/pid;\nupstream u {\n" +
        "  server 127.0.0.1:3101 max_fails=1 fail_timeout=5s;\n  server 127.0.0.1:3102 max_fails=1 fail_timeout=5s;# the instances\n" +
        "}\nlisten 81; # port\n",
    );
  });

  it("refuses a template that lacks a placeholder, has an unknown one, or has @UPSTREAMS@ inside a line", () => {
    const options = { listen: 81, runtimeDir: "/r", instances: instances(1) };
    expect(() => renderNginxConfig(minimal.replace("listen @LISTEN@;", "listen 80;"), options)).toThrow("@LISTEN@ is missing");
    expect(() => renderNginxConfig(`${minimal}user @USER@;\n`, options)).toThrow("@USER@ is not a placeholder");
    expect(() => renderNginxConfig(minimal.replace("  @UPSTREAMS@", "  server @UPSTREAMS@;"), options)).toThrow(
      "@UPSTREAMS@ is not a placeholder",
    );
  });

  it("refuses an empty list of instances", () => {
    expect(() => renderNginxConfig(minimal, { listen: 81, runtimeDir: "/r", instances: [] })).toThrow("at least one instance");
  });
});
