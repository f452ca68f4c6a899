import { describe, expect, it } from "vitest";
import { decidePush, PUSH_PREVIEW_LENGTH, type PushFacts } from "./rules";

const message = { kind: "message", from: "alice", messageId: "m1", body: "Lunch at noon?" } as const;
const facts = (changes: Partial<PushFacts> = {}): PushFacts => ({
  event: message,
  visibleTab: false,
  busy: false,
  notifyWhileBusy: false,
  quiet: false,
  showText: true,
  ...changes,
});

describe("decidePush", () => {
  it("shows the sender and the text of a message, and opens the conversation", () => {
    expect(decidePush(facts())).toEqual({ title: "alice", body: "Lunch at noon?", url: "/messages/alice", tag: "m1", silent: false });
  });

  it("names only the sender when the text is not to be shown", () => {
    expect(decidePush(facts({ showText: false }))).toEqual({
      title: "New message from alice",
      body: "",
      url: "/messages/alice",
      tag: "m1",
      silent: false,
    });
  });

  it("sends nothing during quiet hours, even to someone who asked to be notified while busy", () => {
    expect(decidePush(facts({ quiet: true }))).toBeNull();
    expect(decidePush(facts({ quiet: true, busy: true, notifyWhileBusy: true }))).toBeNull();
    expect(decidePush(facts({ quiet: true, event: { kind: "contact-request", from: "alice" } }))).toBeNull();
    expect(decidePush(facts({ quiet: true, event: { kind: "message-request", from: "alice", messageId: "m1", first: true } }))).toBeNull();
  });

  it("sends nothing while a tab of the recipient is visible", () => {
    expect(decidePush(facts({ visibleTab: true }))).toBeNull();
    expect(decidePush(facts({ visibleTab: true, event: { kind: "contact-request", from: "bob" } }))).toBeNull();
  });

  it("sends nothing while busy, unless the recipient asked to be notified while busy", () => {
    expect(decidePush(facts({ busy: true }))).toBeNull();
    expect(decidePush(facts({ busy: true, notifyWhileBusy: true }))?.body).toBe("Lunch at noon?");
    expect(decidePush(facts({ busy: true, event: { kind: "contact-request", from: "bob" } }))).toBeNull();
    expect(decidePush(facts({ busy: false, notifyWhileBusy: true }))).not.toBeNull();
  });

  it("sends nothing for a muted conversation or message request, even when notified while busy", () => {
    expect(decidePush(facts({ muted: true }))).toBeNull();
    expect(decidePush(facts({ muted: true, busy: true, notifyWhileBusy: true }))).toBeNull();
    expect(decidePush(facts({ muted: true, event: { kind: "message-request", from: "mallory", messageId: "m2", first: true } }))).toBeNull();
    expect(decidePush(facts({ muted: false }))?.body).toBe("Lunch at noon?");
  });

  it("gives a message request one quiet notice without its text", () => {
    const first = decidePush(facts({ event: { kind: "message-request", from: "mallory", messageId: "m2", first: true } }));
    expect(first).toEqual({ title: "Message request from mallory", body: "", url: "/messages/mallory", tag: "request:mallory", silent: true });
    expect(decidePush(facts({ event: { kind: "message-request", from: "mallory", messageId: "m3", first: false } }))).toBeNull();
  });

  it("announces a contact request and opens the buddy list", () => {
    expect(decidePush(facts({ event: { kind: "contact-request", from: "bob" } }))).toEqual({
      title: "bob wants to add you as a contact",
      body: "",
      url: "/",
      tag: "contact:bob",
      silent: false,
    });
  });

  it("cuts a long message to a preview without splitting a character", () => {
    const body = "😀".repeat(PUSH_PREVIEW_LENGTH + 50);
    const notice = decidePush(facts({ event: { ...message, body } }));
    expect(Array.from(notice!.body)).toHaveLength(PUSH_PREVIEW_LENGTH);
    expect(notice!.body).toBe("😀".repeat(PUSH_PREVIEW_LENGTH));
  });

  it("encodes the peer in the conversation's address", () => {
    expect(decidePush(facts({ event: { ...message, from: "a b" } }))?.url).toBe("/messages/a%20b");
  });

  it("names the sender and the group of a group message, opens the group, and lets only a mention through a mute", () => {
    const group = { kind: "group-message", from: "alice", groupId: "g1", group: "Trip", messageId: "m2", body: "hi all", mention: false } as const;
    expect(decidePush(facts({ event: group }))).toEqual({ title: "alice in Trip", body: "hi all", url: "/messages/group:g1", tag: "m2", silent: false });
    expect(decidePush(facts({ event: group, showText: false }))).toEqual({ title: "New message in Trip", body: "", url: "/messages/group:g1", tag: "m2", silent: false });
    expect(decidePush(facts({ event: group, muted: true }))).toBeNull();
    expect(decidePush(facts({ event: { ...group, mention: true }, muted: true }))).toMatchObject({ title: "alice in Trip" });
    // A mention does not pass busy or quiet hours.
    expect(decidePush(facts({ event: { ...group, mention: true }, busy: true }))).toBeNull();
    expect(decidePush(facts({ event: { ...group, mention: true }, quiet: true }))).toBeNull();
  });
});
