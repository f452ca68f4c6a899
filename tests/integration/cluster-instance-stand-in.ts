// A stand-in for server.ts in tests of `npm run cluster` itself (CLUSTER_INSTANCE_SCRIPT): it is
// healthy at once on PORT, keeps a child of its own (as nginx keeps workers: the script must stop
// whole process groups) and ends on SIGTERM. The instance STAND_IN_FAILS names ends at start.
import { spawn } from "node:child_process";
import { createServer } from "node:http";

if (process.env.INSTANCE_ID === process.env.STAND_IN_FAILS) {
  console.error(`${process.env.INSTANCE_ID}: the stand-in fails at start, as the test asked`);
  process.exit(3);
}
spawn(process.execPath, ["-e", "setInterval(() => {}, 1000) // stand-in's child"], { stdio: "ignore" });
createServer((request, response) => response.writeHead(request.url === "/api/health" ? 200 : 404).end()).listen(
  Number(process.env.PORT),
  process.env.HOST,
);
process.on("SIGTERM", () => process.exit(0));
