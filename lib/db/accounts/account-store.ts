// Storage of accounts (PRINCIPALS) and their sign-in sessions. Implementations:
// prisma-account-store.ts, memory-account-store.ts.

/** An account row. A deleted account stays as a tombstone (deletedAt set) that keeps its name. */
export type AccountRow = {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
  isAdmin: boolean;
  suspendedAt: Date | null;
  deletedAt: Date | null;
};

export type AccountRecord = { id: string; username: string; displayName: string; passwordHash: string; suspendedAt?: Date | null };
export type SessionRecord = { id: string; userId: string; expiresAt: Date; lastActiveAt: Date };

export type SessionRow = SessionRecord & { createdAt: Date; userAgent: string | null; ipAddress: string | null };

export type AccountSummary = { id: string; username: string; displayName: string };

/** Who may be created besides the first account (which always may, and becomes the administrator). */
export type Admission = { mode: "closed" } | { mode: "open" | "invite"; inviteHash: string | null; now: Date };

export class UsernameTakenError extends Error {
  constructor() {
    super("username_taken");
  }
}

/** What a deleted account's row keeps showing in other people's conversations. */
export const DELETED_DISPLAY_NAME = "Deleted account";

export interface AccountStore {
  /**
   * Creates an account; the first account of an empty instance becomes its administrator.
   * `admission` decides, inside the same transaction, whether a non-first account may be
   * created (sign-ups open, or a valid invite whose use is counted here). Throws
   * UsernameTakenError for a name any account (deleted ones too) has.
   */
  create(
    input: { username: string; displayName: string; passwordHash: string },
    admission: Admission,
  ): Promise<(AccountRecord & { isAdmin: boolean }) | "closed" | "invite_invalid">;
  /** A usable account by name: deleted accounts only keep their name reserved. */
  findByUsername(username: string): Promise<AccountRow | null>;
  /** Any account by id, deleted ones too. */
  findById(id: string): Promise<AccountRow | null>;
  /** Names of these accounts (missing ids are absent). */
  summaries(ids: string[]): Promise<AccountSummary[]>;
  /** Throws for an id that does not exist. */
  setDisplayName(id: string, displayName: string): Promise<AccountSummary>;

  createSession(input: { userId: string; expiresAt: Date; userAgent?: string; ipAddress?: string }): Promise<SessionRow>;
  /** A session with its account, if it exists, has not expired, and the account may sign in. */
  findLiveSession(id: string, now: Date): Promise<{ lastActiveAt: Date; user: AccountSummary } | null>;
  /**
   * Where the live sessions of the usable account with this name were started from: the
   * addresses its owner is known at (none for a name that does not exist).
   */
  signInAddresses(username: string, now: Date): Promise<(string | null)[]>;
  /** The account's sessions, most recently active first. */
  listSessions(userId: string): Promise<SessionRow[]>;
  /** Ends an account's sessions (all, or all but one); returns the ids ended. */
  deleteSessions(userId: string, except?: string): Promise<string[]>;
  tokenIds(userId: string): Promise<string[]>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  setSuspended(userId: string, suspendedAt: Date | null): Promise<void>;
  /**
   * Accounts for the admin list (deleted ones too: their names stay taken) whose name contains
   * the query (taken literally, case-insensitively), by name, at most `limit`.
   */
  search(query: string, limit: number): Promise<Omit<AccountRow, "passwordHash">[]>;
  countActive(): Promise<number>;
  /** Every account row, deleted ones too (the first account ever becomes the admin). */
  countAll(): Promise<number>;
  /**
   * Deletes an account: everything of it goes (sessions, tokens, presence, subscriptions both
   * ways, groups and memberships, rules by and about it, watcher information, inbox settings,
   * its conversations, its side of every message), but the row stays as a tombstone that keeps
   * the username and the messages it sent in other inboxes. Returns the accounts whose buddy
   * lists showed it.
   */
  tombstone(userId: string, now: Date): Promise<string[]>;
  touchSession(id: string, now: Date, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
}
