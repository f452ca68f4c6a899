// Replies, reactions, edits and deletion for everyone between two people in two browsers; one
// closes the page in between and sees every change on opening it again.
import { expect, type Page, test } from "@playwright/test";
import { befriend, conversationView, messageItem, newPerson, openConversation, sendMessage } from "./helpers";

/** The first message containing `text` (a reply's quote contains its target's text too). */
const firstMessage = (page: Page, text: string) => messageItem(page, text).first();

async function messageAction(page: Page, text: string, action: string) {
  await firstMessage(page, text).getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

test("reply, react, edit and delete for everyone reach the other side, also after a closed page", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await openConversation(alice.page, bob.username);
  await openConversation(bob.page, alice.username);

  await sendMessage(alice.page, "Where shall we meet?");
  await expect(messageItem(bob.page, "Where shall we meet?")).toBeVisible();

  // Bob replies: a quote of Alice's message sits above his.
  await messageAction(bob.page, "Where shall we meet?", "Reply");
  await expect(conversationView(bob.page).getByTestId("composer-mode")).toContainText(`Replying to ${alice.username}`);
  await sendMessage(bob.page, "At the station");
  const reply = messageItem(alice.page, "At the station");
  await expect(reply.getByTestId("reply-quote")).toContainText("Where shall we meet?");
  await reply.getByTestId("reply-quote").click();
  await expect(firstMessage(alice.page, "Where shall we meet?").locator(".ring-2")).toBeVisible();

  // Alice reacts: Bob sees the count and who.
  await messageAction(alice.page, "At the station", "React…");
  await alice.page.getByRole("button", { name: "React with 👍" }).click();
  const chip = messageItem(bob.page, "At the station").getByTestId("reaction");
  await expect(chip).toHaveAccessibleName(`👍 1, from ${alice.username}`);
  await expect(messageItem(alice.page, "At the station").getByTestId("reaction")).toHaveAttribute("aria-pressed", "true");

  // Bob closes his page; Alice edits and deletes for everyone meanwhile.
  await bob.page.close();
  await sendMessage(alice.page, "I will be late");
  await messageAction(alice.page, "Where shall we meet?", "Edit");
  const composer = conversationView(alice.page).getByRole("textbox", { name: /^Message to / });
  await expect(composer).toHaveValue("Where shall we meet?");
  await composer.fill("Where shall we meet tomorrow?");
  await composer.press("Enter");
  await expect(firstMessage(alice.page, "Where shall we meet tomorrow?").getByTestId("edited")).toBeVisible();
  await messageAction(alice.page, "I will be late", "Delete for everyone…");
  await alice.page.getByRole("button", { name: "Delete for everyone", exact: true }).click();
  await expect(conversationView(alice.page).getByTestId("message-deleted")).toHaveCount(1);

  const bobAgain = await bob.context.newPage();
  await openConversation(bobAgain, alice.username);
  const edited = firstMessage(bobAgain, "Where shall we meet tomorrow?");
  await expect(edited.getByTestId("edited")).toBeVisible();
  await expect(conversationView(bobAgain).getByTestId("message-deleted")).toHaveText("message deleted");
  await expect(conversationView(bobAgain).getByText("I will be late")).toHaveCount(0);
  await expect(messageItem(bobAgain, "At the station").getByTestId("reaction")).toHaveAccessibleName(`👍 1, from ${alice.username}`);

  // Live too: Alice edits again while Bob looks.
  await composer.press("ArrowUp");
  await expect(composer).toHaveValue("Where shall we meet tomorrow?");
  await composer.press("Escape");
  await expect(composer).toHaveValue("");

  await alice.context.close();
  await bob.context.close();
});
