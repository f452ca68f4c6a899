// End-to-end tests in a real Chromium against the production build, with a fresh database.
// The browser: Playwright's own if installed, else the system's Chromium, else a clear error.
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { chromium } from "playwright-core";

const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

function browserExecutable(): string | undefined {
  if (existsSync(chromium.executablePath())) return undefined; // Playwright's own browser
  const system = SYSTEM_CHROMIUM.find((candidate) => existsSync(candidate));
  if (system) return system;
  throw new Error(
    "No browser for the end-to-end tests. Either run `npx playwright install chromium` (needs internet), " +
      "or install the system Chromium (Debian: `sudo apt-get install chromium`).",
  );
}

const port = Number(process.env.E2E_PORT ?? 3217);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: browserExecutable(),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node --import tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    // SIGTERM lets the server stop cleanly and remove its temporary data folder.
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { E2E_PORT: String(port) },
  },
});
