// The real server (server.ts, production build, SQLite in the scenario's data folder) as the
// messaging, groups and xmpp scenarios start it: loopback, a free port, the rate limits lifted as in
// common.ts (the anti-spam send limit stays), killed with the bench on abort.
import path from "node:path";
import { AUTH_SECRET, children, LIFTED_LIMITS_ENV, root } from "./common";
import type { Options } from "./options";
import { type ServerProcess, startServerProcess } from "./server-process";
import { serverBundlePath } from "../scripts/server-bundle";

export async function startRealServer(settings: {
  options: Options;
  workDir: string;
  /** Names the profile folder (profiles/<name>) with --profile. */
  name: string;
  logFile: string;
  /** Added to the environment (the xmpp scenario's XMPP_* settings). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const { options, workDir } = settings;
  const server = await startServerProcess({
    cwd: root,
    script: serverBundlePath(),
    nodeArgs: [...options.serverNodeArgs, ...(options.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(workDir, "profiles", settings.name)}`] : [])],
    env: {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: path.join(workDir, "data"),
      AUTH_SECRET,
      LOG_LEVEL: options.logLevel,
      ...options.metricsEnv,
      ...LIFTED_LIMITS_ENV,
      ...settings.env,
    },
    logFile: settings.logFile,
    timeoutMs: 60_000,
  });
  children.add(() => server.kill());
  return server;
}
