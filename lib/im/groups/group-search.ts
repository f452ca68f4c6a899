// Search in the group messages one member may read (`groupchat:search`): every word, the last as
// a prefix, newest first. What it finds is what the member's history shows: within its ranges
// (nothing after it left, nothing before it came in), no system lines, nothing deleted for
// everyone, and nothing across a block either way (a blocked sender's messages are collapsed
// for the blocker, so not searchable; the blocker's never reach the blocked).
import type { GroupMessageSearch } from "@/lib/db/groups/group-message-search";
import type { GroupConversationStore } from "@/lib/db/groups/group-store";
import type { GroupMessagePage } from "@/lib/protocol/groups";
import { searchTerms } from "../rules/search-terms";
import { type GroupReader, holdsHistory } from "./group-reader";

/** Above every seq: seqs are 32-bit integers. */
const NO_UPPER_BOUND = 2_147_483_647;

export function createGroupSearch(deps: { store: GroupConversationStore; reader: GroupReader; search: GroupMessageSearch }) {
  const { store, reader } = deps;
  return {
    async search(user: { id: string }, input: { query: string; beforeSeq?: number; limit: number }): Promise<GroupMessagePage> {
      const terms = searchTerms(input.query);
      if (terms.length === 0) return { messages: [], hasMore: false };
      const contexts = await reader.loadMany((await store.membershipsOf(user.id)).filter(holdsHistory).map((row) => row.groupId));
      // A block is between two people, whichever group they share: left out everywhere.
      const excluded = new Set<string>();
      for (const context of contexts.values()) {
        for (const member of context.members) {
          if (context.blocks(user.id, member.userId) || context.blocks(member.userId, user.id)) excluded.add(member.userId);
        }
      }
      const seqs = await deps.search.find(user.id, terms, input.beforeSeq ?? NO_UPPER_BOUND, input.limit + 1, [...excluded]);
      const page = seqs.slice(0, input.limit);
      const bySeq = new Map((await store.bySeq(page)).map((message) => [message.seq, message]));
      const messages = [];
      for (const seq of page) {
        const message = bySeq.get(seq);
        const context = message && contexts.get(message.groupId);
        if (!message || !context) continue;
        // The views apply the same rules again (read time), should anything have moved since.
        messages.push(...(await reader.views(context, user.id, [message])).filter((view) => !view.hidden && !view.retracted && view.event === null));
      }
      return { messages, hasMore: seqs.length > input.limit };
    },
  };
}
export type GroupSearch = ReturnType<typeof createGroupSearch>;
