import { afterEach, describe, expect, it, vi } from "vitest";
import { LOGIN_LIMITS, type LoginThrottle, createLoginThrottle } from "./login-throttle";

async function fail(throttle: LoginThrottle, times: number, username: string, address: string) {
  for (let i = 0; i < times; i++) await throttle.recordFailure(username, address);
}

/** Failures from one address spread over many names, at most 3 per name. */
async function failFromAddress(throttle: LoginThrottle, times: number, address: string) {
  for (let i = 0; i < times; i++) await throttle.recordFailure(`user${i % 10}`, address);
}

afterEach(() => {
  vi.useRealTimers();
});

describe("login throttle, per username", () => {
  it("allows sign-in attempts while a username has fewer than 5 failures", async () => {
    const throttle = createLoginThrottle();
    expect(await throttle.retryAfter("alice", "10.0.0.1")).toBe(0);
    await fail(throttle, 4, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "10.0.0.1")).toBe(0);
  });

  it("blocks the next attempt after 5 failures, with a retry-after in seconds", async () => {
    const throttle = createLoginThrottle();
    expect(LOGIN_LIMITS.perUsername.failures).toBe(5);
    await fail(throttle, 5, "alice", "10.0.0.1");
    const wait = await throttle.retryAfter("alice", "10.0.0.1");
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(LOGIN_LIMITS.perUsername.blockSeconds);
  });

  it("stays blocked after more failures, from any address", async () => {
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "10.0.0.1")).toBeGreaterThan(0);
    expect(await throttle.retryAfter("alice", "192.168.1.20")).toBeGreaterThan(0);
  });

  it("leaves another username alone", async () => {
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("bob", "10.0.0.2")).toBe(0);
  });

  it("clears the username's count on a successful sign-in", async () => {
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    await throttle.recordSuccess("alice");
    expect(await throttle.retryAfter("alice", "10.0.0.1")).toBe(0);
    // the count starts again from zero
    await fail(throttle, 4, "alice", "10.0.0.1");
    expect(await throttle.retryAfter("alice", "10.0.0.1")).toBe(0);
  });

  it("lifts the block once the wait it announced has passed", async () => {
    vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00Z") });
    const throttle = createLoginThrottle();
    await fail(throttle, 6, "alice", "10.0.0.1");
    const wait = await throttle.retryAfter("alice", "10.0.0.1");
    expect(wait).toBeGreaterThan(0);
    vi.advanceTimersByTime(wait * 1000 + 1);
    expect(await throttle.retryAfter("alice", "10.0.0.1")).toBe(0);
  });
});

describe("login throttle, per address", () => {
  it("allows attempts from an address with fewer than 30 failures", async () => {
    const throttle = createLoginThrottle();
    await failFromAddress(throttle, 29, "10.0.0.9");
    expect(await throttle.retryAfter("fresh-name", "10.0.0.9")).toBe(0);
  });

  it("blocks an address after 30 failures across usernames, and no other address", async () => {
    const throttle = createLoginThrottle();
    expect(LOGIN_LIMITS.perAddress.failures).toBe(30);
    await failFromAddress(throttle, 30, "10.0.0.9");
    expect(await throttle.retryAfter("fresh-name", "10.0.0.9")).toBeGreaterThan(0);
    expect(await throttle.retryAfter("fresh-name", "10.0.0.10")).toBe(0);
  });

  it("is not cleared by a successful sign-in", async () => {
    const throttle = createLoginThrottle();
    await failFromAddress(throttle, 31, "10.0.0.9");
    await throttle.recordSuccess("user1");
    expect(await throttle.retryAfter("user1", "10.0.0.9")).toBeGreaterThan(0);
  });
});
