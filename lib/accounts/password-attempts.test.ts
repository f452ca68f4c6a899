import { describe, expect, it, vi } from "vitest";
import { createLoginThrottle } from "./login-throttle";
import { createPasswordAttempts } from "./password-attempts";

function setup(addresses: (string | null)[] = []) {
  const signInAddresses = vi.fn(async () => addresses);
  const attempts = createPasswordAttempts({ throttle: createLoginThrottle(), signInAddresses });
  return { attempts, signInAddresses };
}

const right = async () => ({ id: "u1" });
const wrong = async () => null;

describe("password attempts", () => {
  it("passes on what the check found, and 0 for a wrong password", async () => {
    const { attempts } = setup();
    expect(await attempts.check("alice", "10.0.0.1", right)).toEqual({ ok: true, value: { id: "u1" } });
    expect(await attempts.check("alice", "10.0.0.1", wrong)).toEqual({ ok: false, retryAfter: 0 });
  });

  it("does not even check the password while throttled", async () => {
    const { attempts } = setup();
    for (let i = 0; i < 5; i++) await attempts.check("alice", "10.0.0.1", wrong);
    const verify = vi.fn(right);
    const throttled = await attempts.check("alice", "10.0.0.1", verify);
    expect(throttled).toEqual({ ok: false, retryAfter: expect.any(Number) });
    expect(throttled.ok === false && throttled.retryAfter).toBeGreaterThan(0);
    expect(verify).not.toHaveBeenCalled();
  });

  it("lets the owner in from the network of a live session while the name is slowed", async () => {
    const { attempts, signInAddresses } = setup([null, "2001:db8:1:2::10"]);
    for (let i = 1; i <= 8; i++) await attempts.check("alice", `198.51.100.${i}`, wrong);
    expect(await attempts.check("alice", "2001:db8:1:2::99", right)).toEqual({ ok: true, value: { id: "u1" } });
    expect(signInAddresses).toHaveBeenCalledWith("alice");
  });

  it("a success clears the name, so the next wrong password is just wrong", async () => {
    const { attempts } = setup(["203.0.113.5"]);
    for (let i = 1; i <= 8; i++) await attempts.check("alice", `198.51.100.${i}`, wrong);
    expect((await attempts.check("alice", "203.0.113.5", right)).ok).toBe(true);
    expect(await attempts.check("alice", "192.0.2.1", wrong)).toEqual({ ok: false, retryAfter: 0 });
  });
});
