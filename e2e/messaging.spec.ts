// Instant messages in two (or more) browsers side by side: a conversation with typing,
// delivered and read; offline delivery; message requests; blocking; tabs in step; safe
// rendering of what others write.
import { expect, test } from "@playwright/test";
import {
  acceptMessagesFrom,
  befriend,
  contactRow,
  conversationView,
  messageItem,
  messagesLink,
  messageState,
  newPerson,
  openConversation,
  sendMessage,
  sendOverSocket,
  signIn,
  signOut,
} from "./helpers";

test("Alice and Bob chat: typing shows, messages go delivered then read, unread counts follow", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);

  // Alice starts from her buddy list; Bob stays on his.
  await contactRow(alice.page, bob.username).getByRole("link", { name: `Message ${bob.username}` }).click();
  await expect(conversationView(alice.page).getByRole("heading", { name: bob.username })).toBeVisible();
  await expect(conversationView(alice.page).getByTestId("conversation-presence")).toContainText("Available");

  await sendMessage(alice.page, "Hi Bob! The notes are at https://example.com/notes.");
  // Bob's tab has it, though he has not opened the conversation yet.
  await expect(messageState(alice.page, "Hi Bob!")).toHaveText("Delivered");
  await expect(messagesLink(bob.page)).toContainText("1 unread message");
  await expect(bob.page).toHaveTitle(/^\(1\) /);

  await messagesLink(bob.page).click();
  const item = bob.page.getByTestId("conversation-item").filter({ hasText: alice.username });
  await expect(item.getByTestId("unread-count")).toContainText("1");
  await item.click();
  const link = messageItem(bob.page, "Hi Bob!").getByRole("link", { name: "https://example.com/notes" });
  await expect(link).toHaveAttribute("href", "https://example.com/notes");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(link).toHaveAttribute("target", "_blank");

  // Seeing it reads it: Alice sees "Read", and Bob's counts are gone.
  await expect(messageState(alice.page, "Hi Bob!")).toHaveText("Read");
  await expect(messagesLink(bob.page)).not.toContainText("unread");
  await expect(bob.page).not.toHaveTitle(/^\(\d+\) /);

  // Bob types: Alice sees it, and it goes away when his message arrives.
  const composer = conversationView(bob.page).getByRole("textbox", { name: /^Message to / });
  await composer.pressSequentially("Thanks, reading");
  await expect(conversationView(alice.page).getByTestId("typing-indicator")).toHaveText(`${bob.username} is typing…`);
  await composer.press("Enter");
  await expect(messageItem(alice.page, "Thanks, reading")).toBeVisible();
  await expect(conversationView(alice.page).getByTestId("typing-indicator")).toHaveText("");
  await expect(messageState(bob.page, "Thanks, reading")).toHaveText("Read");

  // The composer counts as the server does and refuses past 4 000 characters.
  const count = conversationView(alice.page).getByTestId("character-count");
  const aliceComposer = conversationView(alice.page).getByRole("textbox", { name: /^Message to / });
  await aliceComposer.fill(`  ${"x".repeat(4_001)}  `);
  await expect(count).toHaveText("4\u202f001/4\u202f000 — 1 too many");
  await expect(conversationView(alice.page).getByRole("button", { name: "Send" })).toBeDisabled();
  await aliceComposer.fill("x".repeat(4_000));
  await expect(conversationView(alice.page).getByRole("button", { name: "Send" })).toBeEnabled();

  await alice.context.close();
  await bob.context.close();
});

test("what someone writes is shown as text, never run as HTML", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await openConversation(alice.page, bob.username);
  await openConversation(bob.page, alice.username);

  const attack = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> javascript:alert(1)`;
  await sendMessage(alice.page, attack);
  const received = messageItem(bob.page, "<img src=x");
  await expect(received).toContainText(attack);
  await expect(received.locator("img, script")).toHaveCount(0);
  await expect(received.getByRole("link")).toHaveCount(0);
  expect(await bob.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  await alice.context.close();
  await bob.context.close();
});

test("a message to someone signed out arrives when they sign in", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await signOut(bob.page);

  await openConversation(alice.page, bob.username);
  await sendMessage(alice.page, "Call me when you are back");
  await expect(messageState(alice.page, "Call me when you are back")).toHaveText("Sent");

  await signIn(bob.page, bob.username);
  // His inbox opened: delivered, though not read yet.
  await expect(messagesLink(bob.page)).toContainText("1 unread message");
  await expect(messageState(alice.page, "Call me when you are back")).toHaveText("Delivered");
  await messagesLink(bob.page).click();
  await bob.page.getByTestId("conversation-item").filter({ hasText: alice.username }).click();
  await expect(messageItem(bob.page, "Call me when you are back")).toBeVisible();
  await expect(messageState(alice.page, "Call me when you are back")).toHaveText("Read");

  await alice.context.close();
  await bob.context.close();
});

test("a stranger's message waits in Message requests and, once accepted, is a conversation", async ({ browser }) => {
  const bob = await newPerson(browser, "bob");
  const dave = await newPerson(browser, "dave");

  // Dave starts by typing Bob's address.
  await messagesLink(dave.page).click();
  await dave.page.getByRole("button", { name: "New message" }).click();
  await dave.page.getByRole("form", { name: "New message" }).getByLabel("To").fill(`im:${bob.username}`);
  await dave.page.getByRole("button", { name: "Write" }).click();
  await expect(conversationView(dave.page)).toHaveAttribute("data-peer", bob.username);
  await sendMessage(dave.page, "We met at the conference");
  // A request tells its sender nothing: no "delivered" while it waits.
  await expect(messageState(dave.page, "We met at the conference")).toHaveText("Sent");

  await messagesLink(bob.page).click();
  const request = bob.page.getByTestId("message-request").filter({ hasText: dave.username });
  await expect(request).toContainText("We met at the conference");
  await expect(bob.page.getByTestId("conversation-list")).toHaveCount(0);
  await request.getByRole("button", { name: `Accept ${dave.username}` }).click();

  await expect(bob.page.getByTestId("message-requests")).toHaveCount(0);
  await expect(bob.page.getByTestId("conversation-item").filter({ hasText: dave.username })).toContainText(
    "We met at the conference",
  );
  // Accepting is not announced: the message stays "Sent", even once Bob has read it, until he writes back.
  await openConversation(bob.page, dave.username);
  await expect(messageItem(bob.page, "We met at the conference")).toBeVisible();
  await dave.page.waitForTimeout(1_000);
  await expect(messageState(dave.page, "We met at the conference")).toHaveText("Sent");
  await sendMessage(bob.page, "Nice to meet you");
  await expect(messageItem(dave.page, "Nice to meet you")).toBeVisible();
  await expect(messageState(dave.page, "We met at the conference")).toHaveText("Delivered");

  await bob.context.close();
  await dave.context.close();
});

test("a blocked sender cannot reach the inbox: the send fails exactly as to an unknown address", async ({ browser }) => {
  const bob = await newPerson(browser, "bob");
  const mallory = await newPerson(browser, "mallory");

  await openConversation(mallory.page, bob.username);
  await sendMessage(mallory.page, "Buy my stuff");
  await expect(messageState(mallory.page, "Buy my stuff")).toHaveText("Sent");

  await openConversation(bob.page, mallory.username);
  await expect(bob.page.getByTestId("request-banner")).toBeVisible();
  await bob.page.getByTestId("request-banner").getByRole("button", { name: `Block ${mallory.username}` }).click();
  await bob.page.getByRole("dialog").getByRole("button", { name: "Block" }).click();
  await expect(bob.page).toHaveURL(/\/messages$/);
  await expect(bob.page.getByTestId("message-requests")).toHaveCount(0);

  await sendMessage(mallory.page, "Let me in");
  const refused = messageItem(mallory.page, "Let me in");
  await expect(refused.getByTestId("message-state")).toHaveText("Not sent");
  await expect(refused.getByRole("alert")).toHaveText("No account with that address.");
  await expect(refused.getByRole("button", { name: "Retry" })).toBeVisible();

  // Word for word what an address with no account gets.
  await openConversation(mallory.page, "nobody_at_all_here");
  await sendMessage(mallory.page, "Hello?");
  await expect(messageItem(mallory.page, "Hello?").getByRole("alert")).toHaveText("No account with that address.");

  await bob.context.close();
  await mallory.context.close();
});

test("my tabs stay in step: what one sends shows in the other, and reading in one clears unread in all", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  const aliceTwo = await alice.context.newPage();
  await openConversation(alice.page, bob.username);
  await openConversation(aliceTwo, bob.username);
  const bobTwo = await bob.context.newPage();
  await bobTwo.goto("/");

  await sendMessage(alice.page, "Sent from my first tab");
  await expect(messageItem(aliceTwo, "Sent from my first tab")).toBeVisible();
  await expect(messageState(aliceTwo, "Sent from my first tab")).toHaveText(/Sent|Delivered/);
  await expect(messagesLink(bob.page)).toContainText("1 unread message");
  await expect(messagesLink(bobTwo)).toContainText("1 unread message");

  await openConversation(bob.page, alice.username);
  await expect(messageItem(bob.page, "Sent from my first tab")).toBeVisible();
  await expect(messagesLink(bobTwo)).not.toContainText("unread");
  await expect(messageState(aliceTwo, "Sent from my first tab")).toHaveText("Read");

  await alice.context.close();
  await bob.context.close();
});

test("a message written while the connection is down shows as sending and goes out, once, when it is back", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await openConversation(alice.page, bob.username);
  await openConversation(bob.page, alice.username);

  await alice.context.setOffline(true);
  await expect(alice.page.getByTestId("connection-status")).not.toHaveAttribute("data-status", "connected");
  await sendMessage(alice.page, "Written on the train");
  await expect(messageState(alice.page, "Written on the train")).toHaveText("Sending…");

  await alice.context.setOffline(false);
  await expect(messageState(alice.page, "Written on the train")).toHaveText("Read");
  await expect(messageItem(bob.page, "Written on the train")).toHaveCount(1);
  await bob.page.reload();
  await expect(messageItem(bob.page, "Written on the train")).toHaveCount(1);

  await alice.context.close();
  await bob.context.close();
});

test("scrolling up loads earlier messages without moving what is on screen", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  // 60 messages, within the limit of 30 in 10 s per sender; the first page holds the newest 50.
  const numbered = (from: number) => Array.from({ length: 30 }, (_, index) => `Message #${from + index}.`);
  await sendOverSocket(alice, bob.username, numbered(1));
  await sendOverSocket(bob, alice.username, numbered(31));

  await openConversation(alice.page, bob.username);
  await expect(messageItem(alice.page, "Message #60.")).toBeInViewport();
  const oldestLoaded = messageItem(alice.page, "Message #11.");
  await expect(oldestLoaded).toBeAttached();
  await expect(messageItem(alice.page, "Message #10.")).toHaveCount(0);

  // Scroll up to the oldest loaded message: near the top, that asks for the page before it.
  const history = alice.page.getByRole("region", { name: `Messages with ${bob.username}` });
  // Where it is, read in the same task as the scroll: surely before the older page arrives.
  const before = await history.evaluate((element) => {
    element.scrollTo({ top: 100 });
    const anchor = [...element.querySelectorAll("[data-testid=message]")].find((item) => item.textContent?.includes("Message #11."));
    return anchor!.getBoundingClientRect().y;
  });
  await expect(messageItem(alice.page, "Message #1.")).toBeAttached();
  await expect(history).toContainText("This is the beginning of your conversation");
  const after = (await oldestLoaded.boundingBox())!.y;
  expect(Math.abs(after - before)).toBeLessThanOrEqual(2);

  await alice.context.close();
  await bob.context.close();
});

test("inbox settings: contacts only refuses strangers openly; with read receipts off, no one sees Read", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  const carol = await newPerson(browser, "carol");
  await befriend(alice, bob);

  const settings = await acceptMessagesFrom(bob.page, "My contacts");
  await settings.getByRole("switch", { name: "Read receipts" }).click();
  await expect(settings.getByRole("switch", { name: "Read receipts" })).toHaveAttribute("aria-checked", "false");

  await openConversation(carol.page, bob.username);
  await sendMessage(carol.page, "Hello stranger");
  await expect(messageItem(carol.page, "Hello stranger").getByRole("alert")).toHaveText(
    `${bob.username} accepts messages from contacts only.`,
  );

  await openConversation(alice.page, bob.username);
  await sendMessage(alice.page, "Did you read this?");
  await openConversation(bob.page, alice.username);
  await expect(messageItem(bob.page, "Did you read this?")).toBeVisible();
  // Bob's reply comes after his reading: had a read receipt gone out, it would be here by then.
  await sendMessage(bob.page, "Maybe");
  await expect(messageItem(alice.page, "Maybe")).toBeVisible();
  await expect(messageState(alice.page, "Did you read this?")).toHaveText("Delivered");
  await expect(messageState(bob.page, "Maybe")).toHaveText(/Sent|Delivered/);

  await alice.context.close();
  await bob.context.close();
  await carol.context.close();
});
