import { describe, expect, it, vi } from "vitest";
import { createDesktopNotifications } from "./desktop-notifications";

/** A browser's Notification API and localStorage, with a permission the test sets. */
function browser(permission: NotificationPermission, answer: NotificationPermission = "granted") {
  const shown: { title: string; options?: NotificationOptions }[] = [];
  const values = new Map<string, string>();
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(async () => {
      FakeNotification.permission = answer;
      return answer;
    });
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, options });
    }
    close() {}
  }
  let hidden = true;
  const notifications = createDesktopNotifications({
    Notification: FakeNotification as unknown as typeof Notification,
    storage: { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) },
    hidden: () => hidden,
  });
  return { notifications, shown, FakeNotification, setHidden: (value: boolean) => (hidden = value) };
}

const notice = { title: "Alice", body: "hi", tag: "m1" };

describe("createDesktopNotifications", () => {
  it("is off until enabled, and asks the browser only then", async () => {
    const { notifications, shown, FakeNotification } = browser("default");
    expect(notifications.state()).toBe("off");
    notifications.show(notice, () => {});
    expect(shown).toEqual([]);
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await notifications.enable();
    expect(FakeNotification.requestPermission).toHaveBeenCalledOnce();
    expect(notifications.state()).toBe("on");
  });

  it("shows one only while the page is hidden, tagged so that tabs do not repeat it", async () => {
    const { notifications, shown, setHidden } = browser("granted");
    await notifications.enable();
    setHidden(false);
    notifications.show(notice, () => {});
    expect(shown).toEqual([]);
    setHidden(true);
    notifications.show(notice, () => {});
    expect(shown).toEqual([{ title: "Alice", options: { body: "hi", tag: "m1" } }]);
  });

  it("stays off when the person refuses, and can be turned off again", async () => {
    const refused = browser("default", "denied");
    await refused.notifications.enable();
    expect(refused.notifications.state()).toBe("denied");
    const { notifications } = browser("granted");
    await notifications.enable();
    const heard = vi.fn();
    notifications.subscribe(heard);
    notifications.disable();
    expect(notifications.state()).toBe("off");
    expect(heard).toHaveBeenCalledOnce();
  });

  it("says unsupported where there is no Notification API", () => {
    expect(createDesktopNotifications({ hidden: () => true }).state()).toBe("unsupported");
  });
});
