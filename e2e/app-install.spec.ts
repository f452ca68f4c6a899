// The installable app: a valid web app manifest with its icons, a favicon, a service worker
// that registers and takes over the page, the offline shell when the network is down, and the
// push settings card.
import { expect, test } from "@playwright/test";
import { signUp, uniqueName } from "./helpers";

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test("the manifest is linked, valid and names icons of 192 and 512 px that exist", async ({ page, request }) => {
  await page.goto("/login");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest.name).toBe("buddylist");
  expect(manifest.short_name).toBeTruthy();
  expect(manifest.start_url).toBe("/");
  expect(["standalone", "fullscreen", "minimal-ui"]).toContain(manifest.display);
  for (const size of [192, 512]) {
    expect(manifest.icons.some((icon) => icon.sizes === `${size}x${size}` && icon.type === "image/png" && icon.purpose !== "maskable")).toBe(true);
  }
  expect(manifest.icons.some((icon) => icon.purpose === "maskable")).toBe(true);
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()["content-type"]).toBe("image/png");
    const [width, height] = icon.sizes.split("x").map(Number);
    expect(pngSize(await image.body())).toEqual({ width, height });
  }
});

test("/favicon.ico is an icon", async ({ request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await response.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
});

test("the service worker registers, takes over the page, and serves the offline shell without a network", async ({ page, context }) => {
  await page.goto("/login");
  const scriptURL = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  expect(scriptURL).toMatch(/\/sw\.js$/);
  // clients.claim(): the page that registered it is controlled without a reload.
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  await context.setOffline(true);
  try {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Try again" })).toHaveAttribute("href", "/");
  } finally {
    await context.setOffline(false);
  }
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("settings offer notifications on this device and keep the choice to hide message text", async ({ page }) => {
  await signUp(page, uniqueName("push"));
  await page.goto("/settings");
  const card = page.getByTestId("push-notifications");
  await expect(card.getByRole("heading", { name: "Notifications on this device" })).toBeVisible();
  await expect(card.getByText("Devices with notifications")).toBeVisible();
  const showText = card.getByRole("switch", { name: "Show message text in notifications" });
  await expect(showText).toHaveAttribute("aria-checked", "true");
  const saved = page.waitForResponse((response) => response.url().endsWith("/api/push/settings") && response.request().method() === "PATCH");
  await showText.click();
  await expect(showText).toHaveAttribute("aria-checked", "false");
  expect((await saved).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("push-notifications").getByRole("switch", { name: "Show message text in notifications" })).toHaveAttribute(
    "aria-checked",
    "false",
  );
});

test("a push the service worker receives shows a notification that leads to the conversation", async ({ page, context }) => {
  await context.grantPermissions(["notifications"]);
  await page.goto("/login");
  await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL);
  // Chromium's DevTools deliver a push message to the worker as a push service would.
  const cdp = await context.newCDPSession(page);
  const registrations = new Promise<{ registrationId: string; scopeURL: string }[]>((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      if (registrations.length > 0) resolve(registrations);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  const [registration] = await registrations;
  const origin = new URL(page.url()).origin;
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId: registration!.registrationId,
    data: JSON.stringify({ title: "alice", body: "Lunch?", url: "/messages/alice", tag: "m1", silent: false }),
  });
  await expect
    .poll(() =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown })),
      ),
    )
    .toEqual([{ title: "alice", body: "Lunch?", tag: "m1", data: { url: "/messages/alice" } }]);
  // A notification never leads to another site, whatever a payload says.
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId: registration!.registrationId,
    data: JSON.stringify({ title: "x", body: "", url: "https://evil.example/phish", tag: "m2" }),
  });
  await expect
    .poll(() => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications({ tag: "m2" })).map((n) => n.data as unknown)))
    .toEqual([{ url: "/" }]);
});
