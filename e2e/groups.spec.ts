// A group conversation among three people in three browsers: Alice starts it with Bob and Carol
// (her contacts, who become members at once), they exchange messages, a reply, a picture and a
// reaction, see who is typing and who read what; Carol blocks Bob (she sees his messages
// collapsed, he no longer gets hers, and neither is told); Bob leaves (the others see it, he
// gets nothing after). The open group passes axe.
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import sharp from "sharp";
import { accessRules, befriend, expectConnected, newPerson, openPrivacy } from "./helpers";

const group = (page: Page) => page.getByTestId("group-conversation");
const messageIn = (page: Page, text: string) => group(page).getByTestId("message").filter({ hasText: text });
const composer = (page: Page) => group(page).getByRole("textbox", { name: /^Message to / });

async function send(page: Page, text: string) {
  await composer(page).fill(text);
  await composer(page).press("Enter");
  await expect(composer(page)).toHaveValue("");
}

async function expectNoViolations(page: Page, what: string) {
  await page.waitForLoadState("networkidle").catch(() => {});
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  const found = violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect.soft(found, `axe on ${what}`).toEqual([]);
}

/** Opens the group from the conversation list. */
async function openGroup(page: Page, title: string | RegExp) {
  await page.goto("/messages");
  await expectConnected(page);
  await page.getByTestId("group-item").filter({ hasText: title }).click();
  await expect(group(page)).toBeVisible();
}

/** Alice, Bob and Carol (Alice's contacts both), and the group Alice starts with them. */
async function threeInAGroup(browser: Browser, name: string) {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  const carol = await newPerson(browser, "carol");
  await befriend(alice, bob);
  await befriend(alice, carol);
  await alice.page.goto("/messages");
  await expectConnected(alice.page);
  await alice.page.getByRole("button", { name: "New group" }).click();
  const dialog = alice.page.getByRole("dialog", { name: "Start a group" });
  await dialog.getByLabel(/^Name/).fill(name);
  await dialog.getByRole("checkbox", { name: new RegExp(bob.username) }).check();
  await dialog.getByRole("checkbox", { name: new RegExp(carol.username) }).check();
  await dialog.getByRole("button", { name: "Start group" }).click();
  await expect(group(alice.page).getByTestId("group-title")).toHaveText(name);
  return { alice, bob, carol };
}

async function messageAction(item: Locator, page: Page, action: string) {
  await item.getByRole("button", { name: "Message actions" }).click();
  await page.getByRole("menuitem", { name: action }).click();
}

test("three people in a group: messages, a reply, receipts, a block inside the group, and one leaving", async ({ browser }) => {
  // Three people, two friendships and four axe runs: longer than the default minute.
  test.setTimeout(180_000);
  // Alice starts the group from "New group", choosing Bob and Carol and naming it.
  const { alice, bob, carol } = await threeInAGroup(browser, "Weekend trip");
  await expect(group(alice.page).getByTestId("member-count")).toHaveText("3 members");
  await expect(group(alice.page).getByTestId("system-line").first()).toBeVisible();

  // Bob and Carol, Alice's contacts, are members at once: the group is in their lists.
  await openGroup(bob.page, "Weekend trip");
  await openGroup(carol.page, "Weekend trip");
  await expect(group(bob.page).getByTestId("system-line").filter({ hasText: "added you" })).toBeVisible();

  // Messages reach everyone, with the sender's name above; typing shows by name.
  await composer(bob.page).fill("typing something");
  await expect(group(alice.page).getByTestId("typing-indicator")).toContainText("is typing");
  await composer(bob.page).fill("");
  await send(alice.page, "Who brings the tent?");
  const atBob = messageIn(bob.page, "Who brings the tent?");
  await expect(atBob).toBeVisible();
  await expect(atBob.getByTestId("sender-name")).toBeVisible();
  await expect(messageIn(carol.page, "Who brings the tent?")).toBeVisible();
  // Both have it open, so both read it: Alice's receipts say so.
  const receipts = messageIn(alice.page, "Who brings the tent?").getByTestId("group-receipts");
  await expect(receipts).toHaveText("Delivered to 2 of 2 · Read by 2");
  // Who, on focus.
  await receipts.focus();
  await expect(group(alice.page).getByTestId("group-receipts-who")).toContainText(`Read by: ${bob.username}, ${carol.username}`);
  await receipts.blur();

  // Bob replies to it.
  await messageAction(atBob, bob.page, "Reply");
  await send(bob.page, "I do");
  await expect(messageIn(carol.page, "I do").getByTestId("reply-quote")).toContainText("Who brings the tent?");

  await test.step("the open group and its members panel pass axe, on a desktop and a phone, light and dark", async () => {
    for (const [viewport, scheme] of [
      [{ width: 1280, height: 800 }, "light"],
      [{ width: 390, height: 844 }, "dark"],
    ] as const) {
      await alice.page.setViewportSize(viewport);
      await alice.page.emulateMedia({ colorScheme: scheme });
      await expectNoViolations(alice.page, `group at ${viewport.width} in ${scheme}`);
      // Saved for review (e2e-screens/ is kept out of git).
      await alice.page.screenshot({ path: `e2e-screens/group-${viewport.width}-${scheme}.png` });
      await group(alice.page).getByTestId("members-button").click();
      await expect(alice.page.getByRole("dialog", { name: /members$/ })).toBeVisible();
      await expectNoViolations(alice.page, `members panel at ${viewport.width} in ${scheme}`);
      await alice.page.screenshot({ path: `e2e-screens/group-members-${viewport.width}-${scheme}.png` });
      await alice.page.keyboard.press("Escape");
      await expect(alice.page.getByRole("dialog", { name: /members$/ })).toHaveCount(0);
    }
    await alice.page.setViewportSize({ width: 1280, height: 800 });
    await alice.page.emulateMedia({ colorScheme: "light" });
  });

  // Carol blocks Bob (a rule on her privacy page): nothing in the group tells either of them.
  await openPrivacy(carol.page);
  const rules = accessRules(carol.page);
  await rules.getByRole("button", { name: "Add a rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form.getByLabel("Their username").fill(bob.username);
  await form.getByRole("radio", { name: /^Block$/ }).check();
  await form.getByRole("button", { name: "Add rule" }).click();
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByTestId("access-rule").filter({ hasText: `@${bob.username}` })).toBeVisible();
  await openGroup(carol.page, "Weekend trip");

  await send(bob.page, "Bob after the block");
  await expect(messageIn(alice.page, "Bob after the block")).toBeVisible();
  // Carol sees a collapsed line, not his words.
  await expect(group(carol.page).getByTestId("hidden-message").last()).toHaveText("Message from someone you blocked");
  await expect(group(carol.page)).not.toContainText("Bob after the block");

  await send(carol.page, "Carol after the block");
  await expect(messageIn(alice.page, "Carol after the block")).toBeVisible();
  // Bob does not get Carol's message at all (as if never sent); Alice's next one he does get.
  await send(alice.page, "Alice after Carol");
  await expect(messageIn(bob.page, "Alice after Carol")).toBeVisible();
  await expect(group(bob.page)).not.toContainText("Carol after the block");

  // Bob leaves from the members panel: the others see it, and the group goes on without him.
  await group(bob.page).getByTestId("members-button").click();
  const members = bob.page.getByRole("dialog", { name: /members$/ });
  await expect(members.getByTestId("group-member")).toHaveCount(3);
  await members.getByRole("button", { name: "Leave group" }).click();
  await bob.page.getByRole("dialog", { name: /^Leave / }).getByRole("button", { name: "Leave group" }).click();
  await expect(bob.page).toHaveURL(/\/messages$/);
  await expect(group(alice.page).getByTestId("system-line").filter({ hasText: "left" })).toBeVisible();
  await expect(group(alice.page).getByTestId("member-count")).toHaveText("2 members");
  await expect(group(carol.page).getByTestId("member-count")).toHaveText("2 members");

  await send(alice.page, "After Bob left");
  await expect(messageIn(carol.page, "After Bob left")).toBeVisible();
  // Bob keeps what came before, read only, and gets nothing after.
  await bob.page.goto("/messages");
  await expectConnected(bob.page);
  const bobsGroup = bob.page.getByTestId("group-item").filter({ hasText: "Weekend trip" });
  await bobsGroup.click();
  await expect(group(bob.page).getByTestId("group-left-banner")).toBeVisible();
  await expect(messageIn(bob.page, "Alice after Carol")).toBeVisible();
  await expect(group(bob.page)).not.toContainText("After Bob left");
  await expect(composer(bob.page)).toHaveCount(0);
  // Deleting it takes it out of his list.
  await group(bob.page).getByRole("button", { name: "Delete from my list" }).click();
  await expect(bob.page).toHaveURL(/\/messages$/);
  await expect(bobsGroup).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
  await carol.context.close();
});

test("a picture and a reaction in a group reach every member", async ({ browser }) => {
  const { alice, bob, carol } = await threeInAGroup(browser, "Photos");
  await openGroup(bob.page, "Photos");
  await openGroup(carol.page, "Photos");
  await send(bob.page, "I do");
  await expect(messageIn(alice.page, "I do")).toBeVisible();

  await test.step("a picture", async () => {
    const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 20, g: 120, b: 220 } } }).png().toBuffer();
    await group(carol.page).getByTestId("attach-input").setInputFiles({ name: "map.png", mimeType: "image/png", buffer: png });
    await expect(group(carol.page).getByRole("button", { name: "Send" })).toBeEnabled();
    await send(carol.page, "The map");
    await expect(messageIn(alice.page, "The map").getByTestId("attachment")).toBeVisible();
    await expect(messageIn(bob.page, "The map").getByTestId("attachment")).toBeVisible();
  });

  await test.step("a reaction", async () => {
    await messageAction(messageIn(alice.page, "I do").first(), alice.page, "React…");
    await alice.page.getByRole("button", { name: "React with 👍" }).click();
    await expect(messageIn(bob.page, "I do").first().getByTestId("reaction")).toHaveAccessibleName(/^👍 1, from /);
    await expect(messageIn(carol.page, "I do").first().getByTestId("reaction")).toBeVisible();
  });

  await test.step("search finds the group message and opens the group at it", async () => {
    await carol.page.goto("/messages");
    await expectConnected(carol.page);
    const search = carol.page.getByRole("search", { name: "Search messages" });
    await search.getByRole("searchbox", { name: "Search messages" }).fill("the ma");
    await search.getByRole("button", { name: "Search" }).click();
    const found = carol.page.getByTestId("group-search-results").getByRole("link");
    await expect(found).toHaveCount(1);
    await expect(found).toContainText("You in Photos");
    await found.click();
    await expect(messageIn(carol.page, "The map")).toBeVisible();
    await expect(carol.page).toHaveURL(/\/messages\/group(:|%3A)[0-9a-f-]+\?at=\d+$/);
  });

  await alice.context.close();
  await bob.context.close();
  await carol.context.close();
});

test("someone not in the adder's contacts gets a group request; admins rename; the creator names admins", async ({ browser }) => {
  test.setTimeout(120_000);
  const { alice, bob, carol } = await threeInAGroup(browser, "Book club");
  const dave = await newPerson(browser, "dave");
  await openGroup(bob.page, "Book club");

  // Alice adds Dave, who is not her contact: the group waits among his message requests.
  await group(alice.page).getByTestId("members-button").click();
  const panel = alice.page.getByRole("dialog", { name: /members$/ });
  await panel.getByLabel("Someone else, by username").fill(dave.username);
  await panel.getByRole("button", { name: "Add", exact: true }).click();
  await panel.getByRole("button", { name: "Add to group" }).click();
  await expect(panel.getByTestId("group-member").filter({ hasText: dave.username })).toContainText("invited");

  // The creator makes Bob an admin.
  await panel.getByRole("button", { name: `Make ${bob.username} admin` }).click();
  await expect(panel.getByTestId("group-member").filter({ hasText: bob.username }).getByTestId("member-role")).toHaveText("Admin");
  await alice.page.keyboard.press("Escape");

  await dave.page.goto("/messages");
  await expectConnected(dave.page);
  const request = dave.page.getByTestId("group-request").filter({ hasText: "Book club" });
  await expect(request).toBeVisible();
  await request.getByRole("button", { name: "Accept the group Book club" }).click();
  await expect(request).toHaveCount(0);
  await openGroup(dave.page, "Book club");
  await send(dave.page, "Thanks for having me");
  await expect(messageIn(alice.page, "Thanks for having me")).toBeVisible();
  await expect(group(alice.page).getByTestId("system-line").filter({ hasText: "joined" })).toBeVisible();
  await expect(group(alice.page).getByTestId("member-count")).toHaveText("4 members");

  // Bob, now an admin, renames the group: everyone sees the line and the new title.
  await group(bob.page).getByTestId("members-button").click();
  const bobsPanel = bob.page.getByRole("dialog", { name: /members$/ });
  await bobsPanel.getByLabel("Group name").fill("Reading circle");
  await bobsPanel.getByRole("button", { name: "Rename" }).click();
  await bob.page.keyboard.press("Escape");
  await expect(group(alice.page).getByTestId("group-title")).toHaveText("Reading circle");
  await expect(group(alice.page).getByTestId("system-line").filter({ hasText: "renamed the group to “Reading circle”" })).toBeVisible();
  // Carol, who had it closed, finds it under its new name.
  await openGroup(carol.page, "Reading circle");
  await expect(messageIn(carol.page, "Thanks for having me")).toBeVisible();

  for (const person of [alice, bob, carol, dave]) await person.context.close();
});
