// Where nginx is, before anything starts. Debian installs it in /usr/sbin, which is not on an
// ordinary user's PATH, so the usual sbin folders are searched after PATH.
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

export const SBIN_FOLDERS = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

export type NginxLookup = { found: string } | { found: null; searched: string };

export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `NGINX` names the binary outright; otherwise the first `nginx` on PATH, then in the sbin folders. */
export function findNginx(
  env: Readonly<Record<string, string | undefined>>,
  isExecutable: (file: string) => boolean = isExecutableFile,
): NginxLookup {
  if (env.NGINX) return isExecutable(env.NGINX) ? { found: env.NGINX } : { found: null, searched: `NGINX=${env.NGINX}` };
  const folders = [...(env.PATH ?? "").split(path.delimiter).filter(Boolean), ...SBIN_FOLDERS];
  const found = [...new Set(folders)].map((folder) => path.join(folder, "nginx")).find(isExecutable);
  return found ? { found } : { found: null, searched: `PATH and ${SBIN_FOLDERS.join(", ")}` };
}

/** What to do without nginx: install it, name it, or balance the instances yourself. */
export function nginxMissingHelp(searched: string, instancePorts: readonly number[]): string {
  const ports = instancePorts.length > 1 ? `${instancePorts[0]}…${instancePorts.at(-1)}` : String(instancePorts[0]);
  const count = instancePorts.length;
  return [
    `npm run cluster puts nginx in front of the instances, and no nginx was found (looked in ${searched}).`,
    "Either:",
    "  - install it: sudo apt-get install nginx   (Debian, Ubuntu; the demo runs its own nginx, not the system service)",
    "  - or name it: NGINX=/path/to/nginx npm run cluster",
    `  - or run the instances alone and point your own load balancer at them: npm run cluster -- ${count} --no-nginx`,
    `    (127.0.0.1:${ports}; /socket.io/ needs sticky sessions, as in deploy/nginx.conf)`,
  ].join("\n");
}
