// The WATCHER's side: a FETCHER (or POLLER) asks once for a presentity's presence, and a tab
// may follow a presentity it does not hold (a conversation with a non-contact) to be told of
// its changes like a holder. Unknown and blocked look the same; every look is logged for the
// presentity's watcher information.
import type { SessionUser } from "@/lib/accounts/account-service";
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import type { PresenceView } from "@/lib/protocol/presence";
import type { KnownAccounts } from "../known-account";
import type { PresenceState } from "../presence-state";
import type { WatchLog } from "../watch-log";
import type { Access } from "./access";

type Watcher = Pick<SessionUser, "id">;

export function createWatching(deps: {
  state: Pick<PresenceState, "get" | "peek" | "idOf" | "loadVisibility">;
  /** Names the caller gives, as the caller may know them (a blocker looks missing). */
  known: Pick<KnownAccounts, "idOf">;
  access: Pick<Access, "lookupView">;
  watchLog: Pick<WatchLog, "record">;
  now: () => number;
}) {
  const { state, access, watchLog, now } = deps;

  /** A FETCHER asks once for a presentity's presence. Unknown and blocked look the same. */
  async function fetch(
    watcher: Watcher,
    username: string,
    options: { kind?: "fetch" | "poll"; tokenId?: string | null } = {},
  ): Promise<PresenceView> {
    const kind = options.kind ?? "fetch";
    const presentityId = await deps.known.idOf(watcher, username, { tokenId: options.tokenId });
    const entry = presentityId ? await state.get(presentityId) : null;
    if (entry) await state.loadVisibility([watcher.id]);
    const view = entry ? access.lookupView(entry, watcher.id, options.tokenId ?? null) : null;
    if (!entry || !view) throw new ServiceError(ErrorCode.not_found, "There is no account with that name.");
    watchLog.record({ presentityId: entry.doc.userId, watcherId: watcher.id, kind, at: new Date(now()) });
    return view;
  }

  return {
    fetch,

    /**
     * A tab follows a presentity it does not hold (a conversation with a non-contact): it is
     * told of changes like a holder until it unfollows or closes. Answers like a fetch.
     */
    async follow(watcher: Watcher, username: string): Promise<PresenceView> {
      const view = await fetch(watcher, username);
      const entry = state.peek((await state.idOf(username))!);
      entry?.relations.follow(watcher.id);
      return view;
    },

    /** A tab stopped following (or closed): the last one of the account ends the follow. */
    async unfollow(watcher: Watcher, username: string): Promise<void> {
      const presentityId = await state.idOf(username);
      const entry = presentityId ? state.peek(presentityId) : undefined;
      entry?.relations.unfollow(watcher.id);
    },
  };
}
