import { afterEach, describe, expect, it, vi } from "vitest";
import { LOGIN_LIMITS, type LoginThrottle, createLoginThrottle, nameDelaySeconds } from "./login-throttle";

const unknownAddress = { knownAddress: async () => false };
const knownAddress = { knownAddress: async () => true };

async function fail(throttle: LoginThrottle, times: number, username: string, address: string) {
  for (let i = 0; i < times; i++) await throttle.recordFailure(username, address);
}

/** Failures from one address spread over many names, at most 3 per name. */
async function failFromAddress(throttle: LoginThrottle, times: number, address: string) {
  for (let i = 0; i < times; i++) await throttle.recordFailure(`user${i % 10}`, address);
}

/** Failures for one name, each from another address (a botnet). */
async function failFromEverywhere(throttle: LoginThrottle, times: number, username: string) {
  for (let i = 0; i < times; i++) await throttle.recordFailure(username, `198.51.100.${i % 250}`);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("nameDelaySeconds: the global slow-down of one name", () => {
  it("is free for the first failures", () => {
    for (let failures = 0; failures < LOGIN_LIMITS.perName.freeFailures; failures++) expect(nameDelaySeconds(failures)).toBe(0);
  });

  it("doubles with every further failure", () => {
    const first = LOGIN_LIMITS.perName.freeFailures;
    expect(nameDelaySeconds(first)).toBe(LOGIN_LIMITS.perName.firstDelaySeconds);
    expect(nameDelaySeconds(first + 1)).toBe(2 * LOGIN_LIMITS.perName.firstDelaySeconds);
    expect(nameDelaySeconds(first + 2)).toBe(4 * LOGIN_LIMITS.perName.firstDelaySeconds);
  });

  it("never exceeds its ceiling, however many failures (no lock-out)", () => {
    expect(LOGIN_LIMITS.perName.maxDelaySeconds).toBeLessThanOrEqual(60);
    for (const failures of [20, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(nameDelaySeconds(failures)).toBe(LOGIN_LIMITS.perName.maxDelaySeconds);
    }
  });
});

describe("login throttle, per name and address", () => {
  it("allows attempts while a name has fewer than 5 failures from an address", async () => {
    const throttle = createLoginThrottle();
    expect(await throttle.retryAfter("alice", "10.0.0.1", unknownAddress)).toBe(0);
    await fail(throttle, 4, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "10.0.0.1", unknownAddress)).toBe(0);
  });

  it("blocks that address for that name after 5 failures, with a retry-after in seconds", async () => {
    const throttle = createLoginThrottle();
    expect(LOGIN_LIMITS.perNameAndAddress.failures).toBe(5);
    await fail(throttle, 5, "alice", "10.0.0.1");
    const wait = await throttle.retryAfter("alice", "10.0.0.1", knownAddress);
    expect(wait).toBeGreaterThan(LOGIN_LIMITS.perName.maxDelaySeconds);
    expect(wait).toBeLessThanOrEqual(LOGIN_LIMITS.perNameAndAddress.blockSeconds);
  });

  it("does not lock the owner out elsewhere: a known address gets in at once, another waits seconds at most", async () => {
    const throttle = createLoginThrottle();
    await fail(throttle, 50, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "192.168.1.20", knownAddress)).toBe(0);
    const elsewhere = await throttle.retryAfter("alice", "192.168.1.20", unknownAddress);
    expect(elsewhere).toBeGreaterThan(0);
    expect(elsewhere).toBeLessThanOrEqual(LOGIN_LIMITS.perName.maxDelaySeconds);
  });

  it("leaves another name alone", async () => {
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("bob", "10.0.0.1", unknownAddress)).toBe(0);
  });

  it("clears the name's counts on a successful sign-in", async () => {
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    await throttle.recordSuccess("alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "10.0.0.1", unknownAddress)).toBe(0);
    await fail(throttle, 4, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "10.0.0.1", unknownAddress)).toBe(0);
  });

  it("lifts the block once the wait it announced has passed", async () => {
    vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00Z") });
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    const wait = await throttle.retryAfter("alice", "10.0.0.1", unknownAddress);
    expect(wait).toBeGreaterThan(0);
    vi.advanceTimersByTime(wait * 1000 + 1);
    expect(await throttle.retryAfter("alice", "10.0.0.1", unknownAddress)).toBe(0);
  });

  it("counts an IPv6 /64 as one address", async () => {
    const throttle = createLoginThrottle();
    for (let i = 1; i <= 5; i++) await throttle.recordFailure("alice", `2001:db8:1:2::${i}`);
    expect(await throttle.retryAfter("alice", "2001:db8:1:2:ffff::9", knownAddress)).toBeGreaterThan(0);
    expect(await throttle.retryAfter("alice", "2001:db8:1:3::1", knownAddress)).toBe(0);
  });
});

describe("login throttle, per name from everywhere", () => {
  it("slows a name that fails from many addresses, and the wait grows", async () => {
    vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00Z") });
    const throttle = createLoginThrottle();
    await failFromEverywhere(throttle, LOGIN_LIMITS.perName.freeFailures - 1, "alice");
    expect(await throttle.retryAfter("alice", "203.0.113.9", unknownAddress)).toBe(0);
    await failFromEverywhere(throttle, 1, "alice");
    const first = await throttle.retryAfter("alice", "203.0.113.9", unknownAddress);
    expect(first).toBe(LOGIN_LIMITS.perName.firstDelaySeconds);
    vi.advanceTimersByTime(first * 1000 + 1);
    expect(await throttle.retryAfter("alice", "203.0.113.9", unknownAddress)).toBe(0);
    await throttle.recordFailure("alice", "198.51.100.77");
    expect(await throttle.retryAfter("alice", "203.0.113.9", unknownAddress)).toBe(2 * first);
  });

  it("never makes the owner wait longer than the ceiling, even under a long attack", async () => {
    const throttle = createLoginThrottle();
    await failFromEverywhere(throttle, 200, "alice");
    const wait = await throttle.retryAfter("alice", "203.0.113.9", unknownAddress);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(LOGIN_LIMITS.perName.maxDelaySeconds);
    expect(await throttle.retryAfter("alice", "203.0.113.9", knownAddress)).toBe(0);
  });

  it("asks whether the address is known only while the name is slowed", async () => {
    const throttle = createLoginThrottle();
    const lookup = vi.fn(async () => true);
    await throttle.retryAfter("alice", "203.0.113.9", { knownAddress: lookup });
    expect(lookup).not.toHaveBeenCalled();
    await failFromEverywhere(throttle, 10, "alice");
    await throttle.retryAfter("alice", "203.0.113.9", { knownAddress: lookup });
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("treats a name that exists and one that does not alike (the throttle never asks)", async () => {
    const throttle = createLoginThrottle();
    await failFromEverywhere(throttle, 7, "alice");
    await failFromEverywhere(throttle, 7, "ghost-who-never-was");
    expect(await throttle.retryAfter("alice", "203.0.113.9", unknownAddress)).toBe(
      await throttle.retryAfter("ghost-who-never-was", "203.0.113.9", unknownAddress),
    );
  });
});

describe("login throttle, per address", () => {
  it("allows attempts from an address with fewer than 30 failures", async () => {
    const throttle = createLoginThrottle();
    await failFromAddress(throttle, 29, "10.0.0.9");
    expect(await throttle.retryAfter("fresh-name", "10.0.0.9", unknownAddress)).toBe(0);
  });

  it("blocks an address after 30 failures across names, and no other address", async () => {
    const throttle = createLoginThrottle();
    expect(LOGIN_LIMITS.perAddress.failures).toBe(30);
    await failFromAddress(throttle, 30, "10.0.0.9");
    expect(await throttle.retryAfter("fresh-name", "10.0.0.9", knownAddress)).toBeGreaterThan(0);
    expect(await throttle.retryAfter("fresh-name", "10.0.0.10", unknownAddress)).toBe(0);
  });

  it("is not cleared by a successful sign-in", async () => {
    const throttle = createLoginThrottle();
    await failFromAddress(throttle, 31, "10.0.0.9");
    await throttle.recordSuccess("user1", "10.0.0.9");
    expect(await throttle.retryAfter("user1", "10.0.0.9", unknownAddress)).toBeGreaterThan(0);
  });
});
