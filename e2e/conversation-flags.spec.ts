// The owner's own marks on conversations, from the list's menu: pin moves a conversation to the
// top, mark as unread shows it bold with a badge (and in the nav and title) until it is opened,
// mute shows its icon. The menu works from the keyboard, and on a phone.
import { expect, test } from "@playwright/test";
import { conversationView, messagesLink, newPerson, sendOverSocket } from "./helpers";

test("pin, mark as unread and mute a conversation from its menu", async ({ browser }) => {
  const bob = await newPerson(browser, "bob");
  const alice = await newPerson(browser, "alice");
  const carol = await newPerson(browser, "carol");
  // Bob writes to both (his side of each is a conversation), Carol last.
  await sendOverSocket(bob, alice.username, ["hi alice"]);
  await sendOverSocket(bob, carol.username, ["hi carol"]);

  const page = bob.page;
  await page.goto("/messages");
  const items = page.getByTestId("conversation-item");
  const item = (username: string) => items.and(page.locator(`[data-peer="${username}"]`));
  const menuButton = (username: string) => page.getByRole("button", { name: `Conversation options for ${username}` });
  await expect(items).toHaveCount(2);
  await expect(items.first()).toHaveAttribute("data-peer", carol.username);

  // Pin Alice from the keyboard: she moves to the top, with a pin.
  await menuButton(alice.username).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Pin", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(items.first()).toHaveAttribute("data-peer", alice.username);
  await expect(item(alice.username).getByTestId("pinned-icon")).toBeVisible();
  await expect(menuButton(alice.username)).toBeFocused();

  // Mark Carol's conversation unread: bold, a badge of 1, counted in the nav and the title.
  await menuButton(carol.username).click();
  await page.getByRole("menuitem", { name: "Mark as unread", exact: true }).click();
  await expect(item(carol.username)).toHaveAttribute("data-unread", "true");
  await expect(item(carol.username).getByTestId("unread-count")).toContainText("1");
  await expect(messagesLink(page)).toContainText("1 unread message");
  await expect(page).toHaveTitle(/^\(1\) /);
  // Still pinned first: a mark does not reorder.
  await expect(items.first()).toHaveAttribute("data-peer", alice.username);

  // Opening it reads it: the mark goes.
  await item(carol.username).click();
  await expect(conversationView(page)).toHaveAttribute("data-peer", carol.username);
  await expect(item(carol.username).getByTestId("unread-count")).toHaveCount(0);
  await expect(messagesLink(page)).not.toContainText("unread");
  await expect(page).not.toHaveTitle(/^\(\d+\) /);

  // Mute Alice: the muted icon shows in the list and in her conversation's header.
  await menuButton(alice.username).click();
  await page.getByRole("menuitem", { name: "Mute", exact: true }).click();
  await expect(item(alice.username).getByTestId("muted-icon")).toBeVisible();
  await item(alice.username).click();
  await expect(conversationView(page).locator("header").getByTestId("muted-icon")).toBeVisible();

  // A reload keeps all of it (it is stored, not just shown).
  await page.goto("/messages");
  await expect(items.first()).toHaveAttribute("data-peer", alice.username);
  await expect(item(alice.username).getByTestId("pinned-icon")).toBeVisible();
  await expect(item(alice.username).getByTestId("muted-icon")).toBeVisible();

  // On a phone the menu button is there too, and unpinning puts Carol (newest) first again.
  await page.setViewportSize({ width: 390, height: 800 });
  await menuButton(alice.username).click();
  await page.getByRole("menuitem", { name: "Unpin", exact: true }).click();
  await expect(items.first()).toHaveAttribute("data-peer", carol.username);
  await expect(item(alice.username).getByTestId("pinned-icon")).toHaveCount(0);

  await Promise.all([bob.context.close(), alice.context.close(), carol.context.close()]);
});
