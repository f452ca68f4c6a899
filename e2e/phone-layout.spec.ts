// A phone (390×844): the buddy list is on screen without scrolling, "my status" is a chip that
// opens a sheet, the bottom tab bar moves between pages, and nothing is wider than the screen.
import { expect, type Page, test } from "@playwright/test";
import { buddyList, newPerson } from "./helpers";

const PHONE = { width: 390, height: 844 };

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("on a phone the buddy list comes first, the status chip sets a preset, the tab bar navigates", async ({ browser }) => {
  const alice = await newPerson(browser, "phone");
  const page = alice.page;
  await page.setViewportSize(PHONE);
  await page.goto("/");

  // The buddy list's heading and its add field are on screen without scrolling.
  const list = buddyList(page);
  await expect(list.getByRole("heading", { name: "Buddy list" })).toBeInViewport();
  await expect(page.getByLabel("Add a contact")).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // Onboarding: my own username to pass on, and a link to invite a friend (sign-ups are open here).
  await expect(page.getByTestId("my-username")).toHaveText(alice.username);
  await expect(page.getByTestId("invitation-link")).toContainText("/signup");
  await expectNoSidewaysScroll(page);

  // The chip opens "Set a status"; a preset sets it in one tap and closes the sheet.
  const chip = page.getByRole("button", { name: /^My status:/ });
  await expect(chip).toBeInViewport();
  await chip.click();
  const sheet = page.getByRole("dialog", { name: "Set a status" });
  await expect(sheet).toBeVisible();
  await expectNoSidewaysScroll(page);
  await sheet.getByRole("button", { name: "In a meeting · 1 h" }).click();
  await expect(sheet).toBeHidden();
  await expect(chip).toContainText("Busy");
  await expect(chip).toContainText("In a meeting");
  await expect(chip).toContainText("until");

  // It is now among the recent statuses.
  await chip.click();
  await expect(sheet.getByRole("group", { name: "Recent" }).getByRole("button", { name: /In a meeting/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();

  // The tab bar moves between the pages; each fits the screen.
  const tabs = page.getByRole("navigation", { name: "Main" });
  await expect(tabs).toBeInViewport();
  for (const [name, heading] of [
    ["Messages", null],
    ["Privacy", "Privacy"],
    ["Settings", "Settings"],
    ["Buddy list", null],
  ] as const) {
    await tabs.getByRole("link", { name }).click();
    await expect(tabs.getByRole("link", { name })).toHaveAttribute("aria-current", "page");
    if (heading) await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await expectNoSidewaysScroll(page);
  }
  await expect(page).toHaveURL(/\/$/);
  await alice.context.close();
});

test("sign-up states the username rules up front and can show the password", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await page.goto("/signup");
  await expect(page.getByText("3 to 32 characters")).toBeVisible();
  const password = page.getByLabel("Password");
  await password.fill("a secret phrase");
  await expect(password).toHaveAttribute("type", "password");
  const show = page.getByRole("button", { name: "Show password" });
  await show.click();
  await expect(show).toHaveAttribute("aria-pressed", "true");
  await expect(password).toHaveAttribute("type", "text");
  await expect(password).toHaveValue("a secret phrase");
  await expectNoSidewaysScroll(page);
});
