// When a tab's session ends (signed out in another tab, a password change or "sign out
// everywhere" elsewhere, a session that lapsed while the tab was away), nothing of the
// account may stay on screen: the stores are emptied at once and the tab leaves for the
// sign-in page, which says why.

/** Why a tab's session ended: the server's `session:ended` reasons, or refused at reconnect. */
export type SessionEndCause = "signed_out" | "revoked" | "expired";

/** What the tab's connection says while it leaves. */
export const SESSION_END_MESSAGES: Record<SessionEndCause, string> = {
  signed_out: "You signed out.",
  revoked: "You were signed out from elsewhere. Sign in again.",
  expired: "Your session has ended. Sign in again.",
};

/**
 * What the sign-in page says, by its `?ended=` parameter. Signing out in this browser needs no
 * explanation: that page is where the Sign out button leads anyway.
 */
const SIGN_IN_NOTICES: Partial<Record<SessionEndCause, string>> = {
  revoked: "You were signed out because your password was changed or this browser was signed out from another one. Sign in again.",
  expired: "Your session has ended. Sign in again.",
};

const isCause = (value: unknown): value is SessionEndCause =>
  typeof value === "string" && Object.hasOwn(SESSION_END_MESSAGES, value);

/** Where a tab goes when its session ended. */
export function signInPathAfter(cause: SessionEndCause): string {
  return SIGN_IN_NOTICES[cause] ? `/login?ended=${cause}` : "/login";
}

/** The sign-in page's notice for its `ended` search parameter, if it names a known cause. */
export function sessionEndNotice(ended: unknown): string | undefined {
  return isCause(ended) ? SIGN_IN_NOTICES[ended] : undefined;
}

/** Where this tab goes when the end of a session it ended itself arrives (deleting the account). */
let endingHere: string | null = null;

/**
 * This tab is ending its own session (deleting the account): if the server's end arrives before
 * the action's answer, the tab still leaves for `path`, with what that page says. Returns the undo,
 * for an action that failed.
 */
export function endSessionHere(path: string): () => void {
  endingHere = path;
  return () => {
    if (endingHere === path) endingHere = null;
  };
}

type Watched = {
  getState(): { status: string; ended?: SessionEndCause };
  subscribe(listener: () => void): () => void;
};

/**
 * Once the connection is signed out: `clear` the account's stores, then `leave` for the
 * sign-in page (a full load in the browser, so no bit of the signed-in page survives).
 * Returns the stop.
 */
export function leaveWhenSessionEnds(
  connection: Watched,
  { clear, leave }: { clear: () => void; leave: (path: string) => void },
): () => void {
  let done = false;
  const check = () => {
    const { status, ended } = connection.getState();
    if (done || status !== "signed-out") return;
    done = true;
    clear();
    leave(endingHere ?? signInPathAfter(ended ?? "expired"));
  };
  const stop = connection.subscribe(check);
  check();
  return stop;
}
