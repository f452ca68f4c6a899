// Presence and the buddy list in two browsers side by side: subscriptions, live
// notifications, several tabs, sign-out, groups and access tokens.
import { expect, test } from "@playwright/test";
import { addContact, approve, befriend, buddyList, contactRow, expectConnected, newPerson } from "./helpers";

test("Alice adds Bob, Bob approves and adds her back, and each sees the other online live", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");

  await addContact(alice.page, bob.username);
  await expect(contactRow(alice.page, bob.username)).toContainText("waiting for their approval");

  // Bob sees the request at once, with a count.
  const requests = bob.page.getByRole("region", { name: "Requests" });
  await expect(requests.getByTestId("incoming-count")).toHaveText("1");
  await expect(bob.page.getByRole("navigation", { name: "Main" })).toContainText("1 request waiting");
  await expect(requests).toContainText(`@${alice.username}`);
  await approve(bob.page, alice.username);
  await expect(requests.getByTestId("incoming-count")).toHaveText("0");

  // Alice now sees Bob's presence, live.
  await expect(contactRow(alice.page, bob.username)).toContainText("Available");
  await expect(contactRow(alice.page, bob.username)).not.toContainText("Pending");

  // Bob is offered to add Alice back. Bob is on Alice's list, so her default rules let him
  // watch her at once, without a request to answer.
  await bob.page.getByRole("button", { name: `Add ${alice.username} back` }).click();
  await expect(contactRow(bob.page, alice.username)).toContainText("Available");
  await expect(contactRow(bob.page, alice.username)).not.toContainText("Pending");
  await expect(alice.page.getByRole("region", { name: "Requests" }).getByTestId("incoming-count")).toHaveText("0");
  await expect(buddyList(bob.page)).toContainText("1/1 online");

  await alice.context.close();
  await bob.context.close();
});

test("Alice sets busy — in a meeting — for 1 hour and Bob sees it live", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);

  const status = alice.page.getByRole("form", { name: "Set my status" });
  await status.getByLabel("Availability").selectOption({ label: "Busy" });
  await status.getByLabel("Note").fill("in a meeting");
  await expect(status).toContainText("12/200");
  await status.getByLabel("Clear it").selectOption({ label: "For 1 hour" });
  await status.getByRole("button", { name: "Set status" }).click();

  const mine = alice.page.getByTestId("my-current-status");
  await expect(mine).toContainText("Busy");
  await expect(mine).toContainText("in a meeting");
  // An hour from late evening is tomorrow, and the status says so.
  await expect(mine).toContainText(/until (tomorrow )?\d{1,2}:\d{2}/);

  const row = contactRow(bob.page, alice.username);
  await expect(row.getByTestId("availability")).toHaveText("Busy");
  await expect(row).toContainText("in a meeting");

  // One click clears it, for Bob too.
  await status.getByRole("button", { name: "Clear status" }).click();
  await expect(row.getByTestId("availability")).toHaveText("Available");
  await expect(row).not.toContainText("in a meeting");

  await alice.context.close();
  await bob.context.close();
});

test("Alice opens a second tab and closes the first, and stays online for Bob", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);

  const second = await alice.context.newPage();
  await second.goto("/");
  await expectConnected(second);
  const devices = second.getByTestId("my-devices").getByRole("listitem");
  await expect(devices).toHaveCount(2);
  await expect(devices.filter({ hasText: "this tab" })).toHaveCount(1);

  await alice.page.close();
  // The first tab's tuple closes after the grace period; Alice's other tab hears it.
  await expect(devices).toHaveCount(1);
  await expect(devices).toContainText("this tab");
  await expect(contactRow(bob.page, alice.username).getByTestId("availability")).toHaveText("Available");

  await alice.context.close();
  await bob.context.close();
});

test("Alice signs out and Bob sees when she was last seen", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);

  await alice.page.getByRole("button", { name: "Sign out" }).click();
  await expect(alice.page).toHaveURL(/\/login$/);

  const row = contactRow(bob.page, alice.username);
  await expect(row.getByTestId("availability")).toHaveText("Offline");
  await expect(row).toContainText(/last seen (just now|\d+ min ago)/);

  await alice.context.close();
  await bob.context.close();
});

test("groups: create, put a contact in, count, rename, reorder and delete", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  const page = alice.page;
  const list = buddyList(page);

  await list.getByRole("button", { name: "Manage groups" }).click();
  for (const name of ["Friends", "Work"]) {
    await list.getByLabel("New group").fill(name);
    await list.getByRole("button", { name: "Create group" }).click();
    await expect(list.getByRole("region", { name })).toContainText("0/0 online");
  }

  await contactRow(page, bob.username).getByRole("button", { name: `Details for ${bob.username}` }).click();
  await contactRow(page, bob.username).getByRole("button", { name: "Choose groups…" }).click();
  const choose = page.getByRole("dialog", { name: `Groups for ${bob.username}` });
  await choose.getByRole("checkbox", { name: "Friends" }).check();
  await choose.getByRole("button", { name: "Save" }).click();
  await expect(choose).toBeHidden();
  const friends = list.getByRole("region", { name: "Friends" });
  await expect(friends).toContainText("1/1 online");
  await expect(friends).toContainText(`@${bob.username}`);
  await expect(list.getByRole("region", { name: "Ungrouped" })).toHaveCount(0);

  await list.getByRole("button", { name: "Rename Friends" }).click();
  await list.getByLabel("New name for Friends").fill("Close friends");
  await list.getByRole("button", { name: "Save" }).click();
  await expect(list.getByRole("region", { name: "Close friends" })).toContainText("1/1 online");

  const sectionNames = list.getByTestId("contact-section").locator("h3 > span:first-child");
  await expect(sectionNames).toHaveText(["Close friends", "Work"]);
  await list.getByRole("button", { name: "Move Work up" }).click();
  await expect(sectionNames).toHaveText(["Work", "Close friends"]);

  await list.getByRole("button", { name: "Delete Close friends" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete the group “Close friends”?" });
  await dialog.getByRole("button", { name: "Delete group" }).click();
  await expect(sectionNames).toHaveText(["Work", "Ungrouped"]);
  await expect(list.getByRole("region", { name: "Ungrouped" })).toContainText(`@${bob.username}`);

  await alice.context.close();
  await bob.context.close();
});

test("a look-up shows what a stranger may see, and says when there is no such account", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  const search = alice.page.getByRole("search");

  await search.getByLabel("Username").fill(bob.username);
  await search.getByRole("button", { name: "Look up" }).click();
  const result = alice.page.getByTestId("lookup-result");
  await expect(result).toContainText(`@${bob.username}`);
  await expect(result).toContainText("Online");

  await search.getByLabel("Username").fill("nobody_by_that_name");
  await search.getByRole("button", { name: "Look up" }).click();
  await expect(search.getByText("No account with that name.")).toBeVisible();
  await expect(result).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test("my addresses: field errors from the server, then saved and seen by a contact", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  const card = alice.page.getByRole("region", { name: "How to reach me" });

  await card.getByRole("button", { name: "Edit addresses" }).click();
  await card.getByRole("button", { name: "Add an address" }).click();
  await card.getByLabel("Address", { exact: true }).fill("call me");
  await card.getByRole("button", { name: "Save addresses" }).click();
  await expect(card.getByText("Enter a phone number, e.g. +1 555 0100.")).toBeVisible();
  await expect(card.getByLabel("Address", { exact: true })).toHaveAttribute("aria-invalid", "true");

  await card.getByLabel("Address", { exact: true }).fill("+1 555 0100");
  await card.getByLabel("Label (optional)").fill("Desk");
  await card.getByRole("button", { name: "Save addresses" }).click();
  await expect(card.getByTestId("my-addresses")).toContainText("Desk");

  const row = contactRow(bob.page, alice.username);
  await row.getByRole("button", { name: `Details for ${alice.username}` }).click();
  await expect(row.getByRole("link", { name: "+1 555 0100" })).toHaveAttribute("href", "tel:+15550100");

  await alice.context.close();
  await bob.context.close();
});

test("access tokens: created with scopes, shown once, used by a poller, revoked", async ({ browser, request }) => {
  const alice = await newPerson(browser, "alice");
  const page = alice.page;
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();

  await page.getByLabel("Token name").fill("my script");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = page.getByTestId("token-secret");
  await expect(secret).toHaveText(/^blt_\S{20,}$/);
  await expect(page.getByText("You won’t be able to see it again.")).toBeVisible();
  const token = (await secret.textContent())!;
  const tokens = page.getByRole("list", { name: "Your tokens" });
  await expect(tokens).toContainText("my script");
  // Without a choice a token may only read presence.
  await expect(tokens.getByTestId("token-scopes")).toHaveText("Read presence and watchers");

  const poll = () => request.get(`/api/presence/${alice.username}`, { headers: { authorization: `Bearer ${token}` } });
  expect((await poll()).status()).toBe(200);

  await page.getByRole("button", { name: "I have copied it" }).click();
  await expect(secret).toHaveCount(0);
  await page.reload();
  await expect(tokens).toContainText("my script");
  await expect(page.locator("body")).not.toContainText(token);

  await page.getByRole("button", { name: "Revoke my script" }).click();
  await page.getByRole("dialog", { name: "Revoke “my script”?" }).getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("No tokens yet.")).toBeVisible();
  expect((await poll()).status()).toBe(401);

  // A token for a bot that only chats may not poll presence.
  await page.getByLabel("Token name").fill("chat bot");
  await page.getByLabel("Read presence and watchers").uncheck();
  await expect(page.getByRole("button", { name: "Create token" })).toBeDisabled();
  await page.getByLabel("Send and read messages").check();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(secret).toHaveText(/^blt_\S{20,}$/);
  const botToken = (await secret.textContent())!;
  await expect(tokens.getByTestId("token-scopes")).toHaveText("Send and read messages");
  const botPoll = await request.get(`/api/presence/${alice.username}`, { headers: { authorization: `Bearer ${botToken}` } });
  expect(botPoll.status()).toBe(403);
  expect(((await botPoll.json()) as { error: { code: string } }).error.code).toBe("insufficient_scope");

  await page.getByRole("link", { name: "Buddy list" }).click();
  await expect(buddyList(page)).toBeVisible();
  await alice.context.close();
});

test("the display name changes in settings and in the header", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const page = alice.page;
  await page.goto("/settings");
  await expectConnected(page);
  await page.getByRole("textbox", { name: "Display name" }).fill("Alice Liddell");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.getByTestId("current-user")).toContainText("Alice Liddell");
  await alice.context.close();
});
