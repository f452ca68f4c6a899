// The files in deploy/ checked by the tools that will read them: the systemd unit with
// `systemd-analyze verify`, the TLS reverse proxy with `nginx -t` and a self-signed certificate.
// A tool that is missing skips its test and says why (CI installs nginx; systemd may be absent).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(tmpdir(), "buddylist-deploy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The first of these executables that exists on the PATH (or at an absolute path), or null. */
function tool(...candidates: string[]): string | null {
  for (const candidate of candidates) {
    const found = spawnSync("sh", ["-c", `command -v ${candidate}`], { encoding: "utf8" }).stdout.trim();
    if (found) return found;
  }
  return null;
}

const systemdAnalyze = tool("systemd-analyze");
const nginx = tool("nginx", "/usr/sbin/nginx");
const openssl = tool("openssl");
if (!systemdAnalyze) console.log("deploy.test: systemd-analyze is not installed: the systemd unit is not verified");
if (!nginx || !openssl) console.log(`deploy.test: ${nginx ? "openssl" : "nginx"} is not installed: the nginx TLS example is not checked`);

describe("deploy/buddylist.service", () => {
  const unit = readFileSync(path.join(root, "deploy/buddylist.service"), "utf8");

  it("has the settings a self-hoster needs", () => {
    for (const line of [
      /^WorkingDirectory=\/opt\/buddylist$/m,
      /^EnvironmentFile=-?\/etc\/buddylist\/buddylist\.env$/m,
      /^ExecStart=\S*node --enable-source-maps \.next\/buddylist-server\/server\.mjs$/m,
      /^Restart=on-failure$/m,
      /^NoNewPrivileges=true$/m,
      /^ProtectSystem=strict$/m,
      /^ReadWritePaths=\/var\/lib\/buddylist$/m,
      /^Environment=.*DATA_DIR=\/var\/lib\/buddylist/m,
    ]) {
      expect(unit).toMatch(line);
    }
  });

  it.skipIf(!systemdAnalyze)("passes systemd-analyze verify without a warning", () => {
    // The node binary of this machine, wherever it lives (verify checks that ExecStart exists).
    const file = path.join(work, "buddylist.service");
    writeFileSync(file, unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
    const result = spawnSync(systemdAnalyze!, ["verify", file], { encoding: "utf8" });
    const about = `${result.stdout}${result.stderr}`
      .split("\n")
      .filter((line) => line.includes("buddylist.service"));
    expect(about).toEqual([]);
    expect(result.status).toBe(0);
  });

  it.skipIf(!systemdAnalyze)("is checked: a wrong value makes verify complain", () => {
    const file = path.join(work, "broken", "buddylist.service");
    spawnSync("mkdir", ["-p", path.dirname(file)]);
    writeFileSync(file, unit.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`).replace("ProtectSystem=strict", "ProtectSystem=very"));
    const result = spawnSync(systemdAnalyze!, ["verify", file], { encoding: "utf8" });
    expect(`${result.stdout}${result.stderr}`).toMatch(/buddylist\.service:\d+: .*protect system/i);
  });
});

describe("deploy/nginx-tls.conf", () => {
  const site = readFileSync(path.join(root, "deploy/nginx-tls.conf"), "utf8");

  it("redirects HTTP to HTTPS, upgrades /socket.io/ and allows attachment-sized bodies", () => {
    expect(site).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
    expect(site).toMatch(/location \/socket\.io\/ \{[^}]*proxy_set_header Upgrade \$http_upgrade;[^}]*\}/);
    expect(site).toMatch(/listen 443 ssl/);
    expect(site).toMatch(/client_max_body_size 26m;/);
  });

  it.skipIf(!nginx || !openssl)("passes nginx -t with a self-signed certificate", () => {
    const certificate = path.join(work, "fullchain.pem");
    const key = path.join(work, "privkey.pem");
    const made = spawnSync(
      openssl!,
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=chat.example.org", "-keyout", key, "-out", certificate],
      { encoding: "utf8" },
    );
    expect(made.status, made.stderr).toBe(0);
    writeFileSync(
      path.join(work, "site.conf"),
      site
        .replace("/etc/letsencrypt/live/chat.example.org/fullchain.pem", certificate)
        .replace("/etc/letsencrypt/live/chat.example.org/privkey.pem", key),
    );
    // The nginx.conf around a site file, with everything nginx writes in the temporary folder.
    const config = path.join(work, "nginx.conf");
    writeFileSync(
      config,
      `pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${work}/client_body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  include ${work}/site.conf;
}
`,
    );
    const result = spawnSync(nginx!, ["-t", "-p", `${work}/`, "-c", config], { encoding: "utf8" });
    expect(result.stderr).toMatch(/test is successful/);
    expect(result.status).toBe(0);
  });
});
