// Pictures and files between two people: Alice pastes a picture and attaches a PDF while Bob's
// page is closed; Bob opens it again and finds both, the thumbnail in place, the viewer working
// from the keyboard, and the PDF downloading.
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { befriend, conversationView, messageItem, newPerson, openConversation } from "./helpers";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

test("a pasted picture and a PDF reach someone who was away; the viewer opens with the keyboard", async ({ browser }) => {
  const alice = await newPerson(browser, "alice");
  const bob = await newPerson(browser, "bob");
  await befriend(alice, bob);
  await bob.page.close();

  await openConversation(alice.page, bob.username);
  const composer = conversationView(alice.page).getByRole("textbox", { name: /^Message to / });
  const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 20, g: 120, b: 220 } } })
    .png()
    .toBuffer();
  // A picture from the clipboard: the paste event a browser fires, with a File in it.
  await composer.evaluate((field, base64) => {
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], "pasted.png", { type: "image/png" }));
    field.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, png.toString("base64"));
  const pending = conversationView(alice.page).getByTestId("pending-attachment");
  await expect(pending).toHaveAttribute("data-state", "done");
  await composer.press("Enter");
  await expect(conversationView(alice.page).getByTestId("attachment").filter({ has: alice.page.getByRole("img") })).toBeVisible();

  await conversationView(alice.page).getByTestId("attach-input").setInputFiles({ name: "report.pdf", mimeType: "application/pdf", buffer: PDF });
  await expect(pending).toHaveAttribute("data-state", "done");
  await composer.fill("the report");
  await composer.press("Enter");
  await expect(messageItem(alice.page, "the report").getByRole("link", { name: /report\.pdf/ })).toBeVisible();

  // Bob comes back.
  const page = await bob.context.newPage();
  await openConversation(page, alice.username);
  const thumbnail = conversationView(page).getByRole("button", { name: "View picture pasted.png" });
  await expect(thumbnail).toBeVisible();
  await expect
    .poll(() => thumbnail.locator("img").evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0))
    .toBe(true);
  // Its box had the picture's proportions before it loaded.
  expect(await thumbnail.evaluate((element) => getComputedStyle(element).aspectRatio)).toBe("640 / 480");

  await thumbnail.focus();
  await page.keyboard.press("Enter");
  const viewer = page.getByTestId("attachment-viewer");
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole("img", { name: "pasted.png" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await expect(thumbnail).toBeFocused();

  const download = page.waitForEvent("download");
  await messageItem(page, "the report").getByRole("link", { name: /report\.pdf/ }).click();
  expect((await download).suggestedFilename()).toBe("report.pdf");

  await alice.context.close();
  await bob.context.close();
});
