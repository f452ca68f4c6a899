// `npm start`: production. Builds the Next.js app first when there is no build of the current
// sources, then runs server.ts in this process.
import { ensureBuild } from "./build-if-needed";

ensureBuild();
(process.env as Record<string, string>).NODE_ENV = "production";
await import("../server");
