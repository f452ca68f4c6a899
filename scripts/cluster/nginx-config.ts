// Fills in deploy/nginx.conf for `npm run cluster`. Placeholders are replaced in directives
// only, never in comments: the file documents its own placeholders, and a multi-line value
// substituted into a comment would spill out of it as directives.
export type NginxConfigValues = {
  /** The port nginx listens on. */
  listen: number;
  /** Where nginx keeps its pid file, error log and temporary files. */
  runtimeDir: string;
  /** The instances behind it, in order. */
  instances: readonly { host: string; port: number }[];
};

const PLACEHOLDER = /@([A-Z_]+)@/g;

function upstreamLines(values: NginxConfigValues, indent: string): string {
  return values.instances.map(({ host, port }) => `${indent}server ${host}:${port} max_fails=1 fail_timeout=5s;`).join("\n");
}

/** The directive part of a line and its comment (nginx comments run from `#` to the line's end). */
function splitComment(line: string): [code: string, comment: string] {
  const hash = line.indexOf("#");
  return hash < 0 ? [line, ""] : [line.slice(0, hash), line.slice(hash)];
}

export function renderNginxConfig(template: string, values: NginxConfigValues): string {
  if (values.instances.length === 0) throw new Error("an nginx upstream needs at least one instance");
  const scalars: Record<string, string> = { LISTEN: String(values.listen), RUNTIME_DIR: values.runtimeDir };
  const used = new Set<string>();
  const lines = template.split("\n").map((line) => {
    const [code, comment] = splitComment(line);
    const upstreams = /^(\s*)@UPSTREAMS@\s*$/.exec(code);
    if (upstreams) {
      used.add("UPSTREAMS");
      return upstreamLines(values, upstreams[1]!) + comment;
    }
    const filled = code.replace(PLACEHOLDER, (whole, name: string) => {
      const value = scalars[name];
      if (value === undefined) {
        throw new Error(`nginx template: ${whole} is not a placeholder here (@UPSTREAMS@ stands on a line of its own)`);
      }
      used.add(name);
      return value;
    });
    return filled + comment;
  });
  for (const name of ["UPSTREAMS", ...Object.keys(scalars)]) {
    if (!used.has(name)) throw new Error(`nginx template: @${name}@ is missing`);
  }
  return lines.join("\n");
}
