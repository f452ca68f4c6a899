// The operator's area: invitations (on a server that admits only invited people), accounts
// and suspension, figures and the audit log; and that nobody else gets in.
import { expect, test } from "@playwright/test";
import {
  accountRow,
  E2E_ADMIN,
  expectConnected,
  newPerson,
  openAdmin,
  PASSWORD,
  section,
  signIn,
  signInAsAdmin,
  startExtraServer,
  uniqueName,
} from "./helpers";

test("on an invite-only server, the admin invites someone, who signs up through the link", async ({ browser }) => {
  // It starts a server of its own (migrations, Next.js) before four people's pages: more than the
  // usual minute on a busy 2-core machine.
  test.slow();
  // The shared server lets anyone sign up, and there an invitation is not needed nor counted.
  const server = await startExtraServer({ SIGNUPS: "invite" });
  try {
    const stranger = await browser.newContext({ baseURL: server.url });
    const strangerPage = await stranger.newPage();
    await strangerPage.goto("/signup");
    await expect(strangerPage.getByTestId("form-notice")).toHaveText("Sign-ups on this server need an invitation link.");

    const admin = await signInAsAdmin(browser, server.url);
    await openAdmin(admin.page);
    const invitations = section(admin.page, "Invitations");
    await invitations.getByLabel("Link works for").selectOption({ label: "1 day" });
    await invitations.getByLabel("Number of uses").fill("2");
    await invitations.getByRole("button", { name: "Create invitation link" }).click();
    const link = (await invitations.getByTestId("invite-link").textContent()) ?? "";
    expect(link).toMatch(new RegExp(`^${server.url}/signup\\?invite=[\\w-]+$`));
    await expect(invitations.getByTestId("invite")).toHaveCount(1);
    await expect(invitations.getByTestId("invite-uses")).toHaveText("0 of 2 uses");

    const guest = uniqueName("guest");
    await strangerPage.goto(link);
    await expect(strangerPage.getByTestId("form-notice")).toHaveText("You were invited: choose a username and a password.");
    await strangerPage.getByLabel("Username").fill(guest);
    await strangerPage.getByLabel("Password").fill(PASSWORD);
    await strangerPage.getByRole("button", { name: "Sign up" }).click();
    await expect(strangerPage.getByTestId("current-user")).toContainText(guest);
    await expectConnected(strangerPage);
    // Invited people are not administrators.
    await expect(strangerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);

    await admin.page.reload();
    await expect(invitations.getByTestId("invite-uses")).toHaveText("1 of 2 uses");
    await expect(invitations.getByTestId("invite")).toHaveAttribute("data-state", "active");
    await expect(accountRow(admin.page, guest)).toContainText("Active");
    await expect(section(admin.page, "Audit log").getByTestId("audit-entry").first()).toContainText("Created an invitation");

    // Revoked, the link no longer admits anyone.
    await invitations.getByRole("button", { name: /^Revoke Invitation / }).click();
    await admin.page.getByRole("dialog").getByRole("button", { name: "Revoke invitation" }).click();
    await expect(invitations.getByTestId("invite")).toHaveAttribute("data-state", "revoked");
    await expect(invitations.getByTestId("invite")).toContainText("Revoked");
    const late = await browser.newContext({ baseURL: server.url });
    const latePage = await late.newPage();
    await latePage.goto(link);
    await latePage.getByLabel("Username").fill(uniqueName("late"));
    await latePage.getByLabel("Password").fill(PASSWORD);
    await latePage.getByRole("button", { name: "Sign up" }).click();
    await expect(latePage.getByRole("alert").filter({ hasText: "invitation" })).toHaveText(
      "This invitation is not valid: it expired, was used up, or was revoked.",
    );
    for (const context of [stranger, admin.context, late]) await context.close();
  } finally {
    await server.stop();
  }
});

test("the admin suspends someone: their open page is signed out at once; unsuspended, they sign in again", async ({ browser }) => {
  const fay = await newPerson(browser, "fay");
  const admin = await signInAsAdmin(browser);
  await openAdmin(admin.page);
  const accounts = section(admin.page, "Accounts");
  await accounts.getByRole("searchbox", { name: "Search by username" }).fill(fay.username);
  await expect(accounts.getByRole("status").first()).toHaveText(`1 account with “${fay.username}” in the name.`);
  await expect(accountRow(admin.page, fay.username)).toContainText("Active");

  await accountRow(admin.page, fay.username).getByRole("button", { name: `Suspend ${fay.username}` }).click();
  await admin.page.getByRole("dialog", { name: `Suspend @${fay.username}?` }).getByRole("button", { name: "Suspend account" }).click();
  await expect(accounts.getByText(`@${fay.username} is suspended.`)).toBeVisible();
  await expect(accountRow(admin.page, fay.username)).toContainText("Suspended");

  // Her open page leaves for the sign-in page by itself.
  await expect(fay.page).toHaveURL(/\/login\?ended=revoked$/);
  await signIn(fay.page, fay.username);
  await expect(fay.page.getByRole("alert").filter({ hasText: "suspended" })).toHaveText("This account is suspended. Ask the server's operator.");

  await accountRow(admin.page, fay.username).getByRole("button", { name: `Unsuspend ${fay.username}` }).click();
  await admin.page.getByRole("dialog").getByRole("button", { name: "Lift suspension" }).click();
  await expect(accountRow(admin.page, fay.username)).toContainText("Active");
  const audit = section(admin.page, "Audit log").getByTestId("audit-entry");
  await expect(audit.filter({ hasText: `@${fay.username}` })).toHaveText([/Lifted a suspension/, /Suspended an account/]);

  await signIn(fay.page, fay.username);
  await expect(fay.page.getByTestId("current-user")).toContainText(fay.username);
  await fay.context.close();
  await admin.context.close();
});

test("the admin sees the instance's figures and deleted accounts without actions; no one can suspend themselves", async ({ browser }) => {
  const gus = await newPerson(browser, "gus");
  const gone = await gus.page.request.delete("/api/account", { data: { password: PASSWORD } });
  expect(gone.status()).toBe(200);
  const admin = await signInAsAdmin(browser);
  await openAdmin(admin.page);

  const figures = section(admin.page, "Instance figures");
  await expect(figures.getByTestId("figure-accounts")).toHaveText(/^\d+$/);
  await expect(figures.getByTestId("figure-connected")).toHaveText(/^[1-9]\d*$/);
  await expect(figures.getByRole("img", { name: /^Messages per day, last 30 days/ })).toBeVisible();
  await figures.getByRole("button", { name: "Refresh" }).click();
  await expect(figures.getByRole("status")).toHaveText(/^Refreshed at /);

  const accounts = section(admin.page, "Accounts");
  await accounts.getByRole("searchbox", { name: "Search by username" }).fill(gus.username);
  await expect(accountRow(admin.page, gus.username)).toContainText("Deleted");
  await expect(accountRow(admin.page, gus.username).getByRole("button")).toHaveCount(0);
  await accounts.getByRole("searchbox", { name: "Search by username" }).fill(E2E_ADMIN.username);
  await expect(accountRow(admin.page, E2E_ADMIN.username)).toContainText("Admin");
  await expect(accountRow(admin.page, E2E_ADMIN.username)).toContainText("This is you");
  await gus.context.close();
  await admin.context.close();
});

test("someone who is not an administrator sees no admin link and cannot open the page", async ({ browser }) => {
  const hal = await newPerson(browser, "hal");
  const nav = hal.page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await hal.page.goto("/admin");
  await expect(hal.page.getByText("Only administrators can see this page.")).toBeVisible();
  await expect(hal.page.getByRole("region", { name: "Invitations" })).toHaveCount(0);
  expect((await hal.page.request.get("/api/admin/figures")).status()).toBe(403);
  await hal.context.close();
});
