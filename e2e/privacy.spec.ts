// The privacy center in several browsers side by side: blocking from the watcher list,
// appearing offline, hiding one's watching, the rules editor and the preview.
import { expect, test } from "@playwright/test";
import {
  accessRules,
  befriend,
  contactRow,
  expectConnected,
  lookUp,
  newPerson,
  openPrivacy,
  setStatus,
  watcherList,
  watcherRow,
} from "./helpers";

/** The server writes watch records every 5 s; the list shows them once written. */
const WATCH_RECORDED = { timeout: 15_000 };

test("Alice blocks Bob from her watcher list, and Bob sees her go offline at once", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await openPrivacy(alice.page);

  // Bob looks Alice up while she has the page open: she hears of it live.
  await lookUp(bob.page, alice.username);
  await expect(watcherList(alice.page).getByTestId("latest-watch")).toContainText(`@${bob.username} looked you up`);
  const row = watcherRow(alice.page, bob.username);
  await expect(row).toContainText("Subscriber", WATCH_RECORDED);
  await expect(row).toContainText("1 look-up");
  await expect(row).toContainText("Following you");

  await row.getByRole("button", { name: `Block ${bob.username}` }).click();
  await alice.page.getByRole("dialog", { name: `Block ${bob.username}?` }).getByRole("button", { name: "Block" }).click();
  // Within the second: the notification reaches Bob's list without a reload.
  await expect(contactRow(bob.page, alice.username).getByTestId("availability")).toHaveText("Offline", { timeout: 2_000 });
  // Exactly like a contact who just went offline (issue 13): a last seen, as any offline contact has.
  await expect(contactRow(bob.page, alice.username)).toContainText(/last seen (just now|\d+ min ago)/);

  await expect(row.getByTestId("watcher-rule")).toHaveText("Your rule for them: Block");
  await expect(accessRules(alice.page).getByTestId("access-rule").first()).toContainText(
    `@${bob.username} — can’t find me: I appear not to exist`,
  );

  await alice.context.close();
  await bob.context.close();
});

test("Alice appears offline: Bob sees her offline while she still sees Carol", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  const carol = await newPerson(browser, "carol");
  await befriend(alice, bob);
  await befriend(alice, carol);
  await setStatus(carol.page, "Away", "at lunch");
  const privacyTab = await alice.context.newPage();
  await privacyTab.goto("/privacy");
  await expectConnected(privacyTab);

  const status = alice.page.getByRole("region", { name: "My status" });
  const appearOffline = status.getByRole("switch", { name: "Appear offline" });
  await expect(appearOffline).not.toBeChecked();
  await appearOffline.click();
  await expect(appearOffline).toBeChecked();
  await expect(status.getByTestId("appearing-offline")).toHaveText("Appearing offline to everyone");

  // Everyone sees her as if she had just gone offline: a last seen, as any offline contact has
  // (none would give her away).
  for (const watcher of [bob, carol]) {
    await expect(contactRow(watcher.page, alice.username).getByTestId("availability")).toHaveText("Offline");
    await expect(contactRow(watcher.page, alice.username)).toContainText(/last seen (just now|\d+ min ago)/);
  }
  // Alice still sees Carol online, with her note and devices.
  const carolRow = contactRow(alice.page, carol.username);
  await expect(carolRow.getByTestId("availability")).toHaveText("Away");
  await expect(carolRow).toContainText("at lunch");
  await carolRow.getByRole("button", { name: `Details for ${carol.username}` }).click();
  await expect(carolRow).toContainText("Devices");
  // Her other tab is in step.
  await expect(privacyTab.getByRole("switch", { name: "Appear offline" })).toBeChecked();

  // Turned off from the privacy page, Bob sees her again.
  await privacyTab.getByRole("switch", { name: "Appear offline" }).click();
  await expect(contactRow(bob.page, alice.username).getByTestId("availability")).toHaveText("Available");
  await expect(appearOffline).not.toBeChecked();
  await expect(status.getByTestId("appearing-offline")).toHaveCount(0);

  for (const person of [alice, bob, carol]) await person.context.close();
});

test("Alice hides her watching and sees counts instead of names", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await openPrivacy(alice.page);
  await lookUp(bob.page, alice.username);
  const list = watcherList(alice.page);
  await expect(watcherRow(alice.page, bob.username)).toContainText("Fetcher", WATCH_RECORDED);

  const showWatching = alice.page.getByRole("switch", { name: "Show that I’m watching" });
  await expect(showWatching).toBeChecked();
  await showWatching.click();
  await expect(showWatching).not.toBeChecked();

  await expect(list.getByTestId("names-withheld")).toContainText("Because you hide your own watching, you see counts, not names.");
  await expect(watcherRow(alice.page, bob.username)).toHaveCount(0);
  const withheld = watcherRow(alice.page, "");
  await expect(withheld).toHaveCount(1);
  await expect(withheld).toContainText("Someone (name not shown)");
  await expect(withheld).toContainText("once");
  await expect(list).not.toContainText(bob.username);

  // How long the list looks back is hers to choose, within limits.
  const retention = list.getByLabel("Keep watcher information for (days)");
  await retention.fill("0");
  await list.getByRole("button", { name: "Save", exact: true }).click();
  await expect(list.getByRole("alert")).toHaveText("Enter a whole number of days from 1 to 365.");
  await retention.fill("7");
  await list.getByRole("button", { name: "Save", exact: true }).click();
  await expect(list).toContainText("in the last 7 days");
  await expect(list.getByRole("img", { name: /Watching per day, last 7 days/ })).toBeVisible();

  await alice.context.close();
  await bob.context.close();
});

test("the rules editor: a limited rule for Bob leaves him online/offline only, and the preview agrees", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await setStatus(alice.page, "Busy", "secret plans");
  const bobsView = contactRow(bob.page, alice.username);
  await expect(bobsView).toContainText("secret plans");

  await openPrivacy(alice.page);
  const rules = accessRules(alice.page);
  await expect(rules.getByTestId("default-rules-note")).toBeVisible();
  await expect(rules.getByTestId("access-rule")).toHaveCount(2);
  await expect(rules.getByTestId("access-rule").nth(0)).toContainText("My contacts — see everything");
  await expect(rules.getByTestId("access-rule").nth(1)).toContainText("Anyone signed in — must ask");

  const addRule = async (username: string, action: RegExp) => {
    await rules.getByRole("button", { name: "Add a rule" }).click();
    const form = rules.getByRole("form", { name: "New rule" });
    await form.getByLabel("Their username").fill(username);
    await form.getByRole("radio", { name: action }).check();
    await form.getByRole("button", { name: "Add rule" }).click();
    await expect(form).toHaveCount(0);
  };

  // A rule about nobody: the server's complaint shows at that rule.
  await addRule("nobody_by_that_name", /^Block$/);
  await rules.getByRole("button", { name: "Save rules" }).click();
  const nobody = rules.getByTestId("access-rule").filter({ hasText: "@nobody_by_that_name" });
  await expect(nobody.getByRole("alert")).toHaveText("No account with that name.");
  await nobody.getByRole("button", { name: /^Remove rule/ }).click();

  // A person rule goes above the broader defaults, where it wins.
  await addRule(bob.username, /^Online or offline only$/);
  await expect(rules.getByTestId("access-rule").first()).toContainText(`@${bob.username} — sees online/offline only`);
  await rules.getByRole("button", { name: "Save rules" }).click();
  await expect(rules.getByText("Saved: it applies now.")).toBeVisible();
  await expect(rules.getByTestId("default-rules-note")).toHaveCount(0);

  await expect(bobsView.getByTestId("availability")).toHaveText("Online");
  await expect(bobsView).not.toContainText("secret plans");

  const preview = alice.page.getByRole("form", { name: "See my presence as" });
  await preview.getByLabel("Their username").fill(bob.username);
  await preview.getByRole("button", { name: "Show" }).click();
  const shown = alice.page.getByTestId("presence-preview");
  await expect(shown.getByTestId("availability")).toHaveText("Online");
  await expect(shown).toContainText("They see only whether you are online.");
  await expect(shown).not.toContainText("secret plans");

  await alice.context.close();
  await bob.context.close();
});

test("see my presence as Bob shows what Bob sees; as a stranger, online only", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await setStatus(alice.page, "Busy", "deep work");
  const bobsView = contactRow(bob.page, alice.username);
  await expect(bobsView.getByTestId("availability")).toHaveText("Busy");
  await expect(bobsView).toContainText("deep work");

  await openPrivacy(alice.page);
  const preview = alice.page.getByRole("form", { name: "See my presence as" });
  await preview.getByLabel("Their username").fill(bob.username);
  await preview.getByRole("button", { name: "Show" }).click();
  const shown = alice.page.getByTestId("presence-preview");
  await expect(shown).toContainText(`As @${bob.username} would see it`);
  await expect(shown.getByTestId("availability")).toHaveText((await bobsView.getByTestId("availability").textContent())!);
  await expect(shown.getByTestId("preview-note")).toHaveText("deep work");

  await preview.getByLabel("Who", { exact: true }).selectOption({ label: "Anyone signed in" });
  await preview.getByRole("button", { name: "Show" }).click();
  await expect(shown).toContainText("As anyone signed in would see it");
  await expect(shown.getByTestId("availability")).toHaveText("Online");
  await expect(shown.getByTestId("preview-note")).toHaveCount(0);

  // Appearing offline shows in the preview at once.
  await alice.page.getByRole("switch", { name: "Appear offline" }).click();
  await expect(shown.getByTestId("availability")).toHaveText("Offline");

  await alice.context.close();
  await bob.context.close();
});
