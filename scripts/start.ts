// `npm start`: production. Builds the Next.js app first when there is no build of the current
// sources, bundles the server (scripts/server-bundle.ts), then runs it in this process.
import { pathToFileURL } from "node:url";
import { ensureBuild } from "./build-if-needed";
import { buildServerBundle } from "./server-bundle";

ensureBuild();
const server = buildServerBundle();
(process.env as Record<string, string>).NODE_ENV = "production";
await import(pathToFileURL(server).href);
