// Every check of a password someone typed — signing in, and the current password asked again
// before a password change or an account deletion — goes through here, so all of them share
// one throttle (lib/accounts/login-throttle.ts): a wrong current password is a guess like any
// other. While throttled, the password is not even checked.
import { sameNetwork } from "./client-network";
import type { LoginThrottle } from "./login-throttle";

export type PasswordAttempt<T> = { ok: true; value: T } | { ok: false; retryAfter: number };

export function createPasswordAttempts(deps: {
  throttle: LoginThrottle;
  /** Addresses the account of this name signed in from (live sessions); none for an unknown name. */
  signInAddresses: (username: string) => Promise<(string | null)[]>;
}) {
  const { throttle } = deps;
  return {
    /**
     * Runs `verify` (the password check, as slow for a missing name as for a wrong password)
     * unless the name or address is throttled. `retryAfter` is 0 for a wrong password, else the
     * seconds to wait; the same for a name that exists and one that does not.
     */
    async check<T>(username: string, address: string, verify: () => Promise<T | null>): Promise<PasswordAttempt<T>> {
      const knownAddress = async () =>
        (await deps.signInAddresses(username)).some((known) => known !== null && sameNetwork(known, address));
      const wait = await throttle.retryAfter(username, address, { knownAddress });
      if (wait > 0) return { ok: false, retryAfter: wait };
      const value = await verify();
      if (value === null) {
        await throttle.recordFailure(username, address);
        return { ok: false, retryAfter: 0 };
      }
      await throttle.recordSuccess(username, address);
      return { ok: true, value };
    },
  };
}
export type PasswordAttempts = ReturnType<typeof createPasswordAttempts>;
