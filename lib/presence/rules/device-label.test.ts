import { describe, expect, it } from "vitest";
import { deviceLabel } from "./device-label";

const UA = {
  firefoxLinux: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  chromeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  safariIos:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  chromeIos:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
  firefoxMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
};

describe("deviceLabel", () => {
  it.each([
    [UA.firefoxLinux, "Firefox on Linux"],
    [UA.chromeWindows, "Chrome on Windows"],
    [UA.safariIos, "Safari on iOS"],
    [UA.edgeWindows, "Edge on Windows"],
    [UA.chromeAndroid, "Chrome on Android"],
    [UA.safariMac, "Safari on macOS"],
    [UA.chromeIos, "Chrome on iOS"],
    [UA.firefoxMac, "Firefox on macOS"],
  ])("labels %s as %s", (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });

  it("says Unknown device without a User-Agent", () => {
    expect(deviceLabel(undefined)).toBe("Unknown device");
    expect(deviceLabel("")).toBe("Unknown device");
  });

  it("names what it recognises when only the browser or only the system is known", () => {
    expect(deviceLabel("Firefox/128.0")).toBe("Firefox");
    expect(deviceLabel("SomeBot (Windows NT 10.0)")).toBe("Windows");
  });

  it("says Unknown device for a client it does not recognise", () => {
    expect(deviceLabel("curl/8.5.0")).toBe("Unknown device");
  });
});
