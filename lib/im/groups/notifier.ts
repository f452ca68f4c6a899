// What the group conversation services need from the transport: reach the open devices of an
// account (user rooms, so it works across instances). lib/realtime/notifier.ts implements it.
import type { GroupMessageChanged, GroupReceiptsChanged, GroupReceived, GroupSummary, GroupTypingNotice } from "@/lib/protocol/groups";

export interface GroupNotifier {
  /**
   * A new message or system line, to accounts that all see it alike (one emit to their rooms);
   * `exceptConnection` already has it (the sending tab).
   */
  groupReceived(userIds: string[], received: GroupReceived, exceptConnection?: string): void;
  groupChanged(userId: string, summary: GroupSummary): void;
  groupRemoved(userId: string, groupId: string): void;
  groupTyping(userId: string, notice: GroupTypingNotice): void;
  groupReceiptsChanged(userId: string, changed: GroupReceiptsChanged): void;
  groupMessageChanged(userId: string, changed: GroupMessageChanged, exceptConnection?: string): void;
}
