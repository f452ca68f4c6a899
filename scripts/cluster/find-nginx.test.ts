import { describe, expect, it } from "vitest";
import { findNginx, nginxMissingHelp } from "./find-nginx";

const only = (...files: string[]) => (file: string) => files.includes(file);

describe("findNginx", () => {
  it("takes the first nginx on PATH", () => {
    expect(findNginx({ PATH: "/opt/a:/opt/b" }, only("/opt/b/nginx", "/usr/sbin/nginx"))).toEqual({ found: "/opt/b/nginx" });
  });

  it("looks in the sbin folders after PATH (Debian's /usr/sbin is not on an ordinary user's PATH)", () => {
    expect(findNginx({ PATH: "/usr/bin:/bin" }, only("/usr/sbin/nginx"))).toEqual({ found: "/usr/sbin/nginx" });
  });

  it("uses NGINX as it is, without searching", () => {
    expect(findNginx({ NGINX: "/opt/nginx/sbin/nginx", PATH: "/usr/sbin" }, only("/opt/nginx/sbin/nginx"))).toEqual({
      found: "/opt/nginx/sbin/nginx",
    });
    expect(findNginx({ NGINX: "/nowhere/nginx", PATH: "/usr/sbin" }, only("/usr/sbin/nginx"))).toEqual({
      found: null,
      searched: "NGINX=/nowhere/nginx",
    });
  });

  it("says where it looked when there is none", () => {
    expect(findNginx({ PATH: "/usr/bin" }, only())).toEqual({ found: null, searched: "PATH and /usr/sbin, /usr/local/sbin, /sbin" });
  });
});

describe("nginxMissingHelp", () => {
  it("says how to get nginx, and how to go without it", () => {
    const help = nginxMissingHelp("PATH", [3101, 3102]);
    expect(help).toContain("apt-get install nginx");
    expect(help).toContain("NGINX=/path/to/nginx npm run cluster");
    expect(help).toContain("npm run cluster -- 2 --no-nginx");
    expect(help).toContain("127.0.0.1:3101…3102");
  });
});
