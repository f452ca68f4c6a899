// Who may do what in a group: the creator (one), admins (named by the creator), members.
import type { GroupRole } from "@/lib/protocol/groups";

/** Rename the group, remove members: creator and admins. */
export const mayManage = (role: GroupRole): boolean => role === "creator" || role === "admin";

/** Name or unname admins: the creator only. */
export const maySetAdmin = (role: GroupRole): boolean => role === "creator";

/** Whether `actor` may remove `target`: managers may, nobody removes the creator, an admin removes no admin. */
export function mayRemove(actor: GroupRole, target: GroupRole): boolean {
  if (target === "creator") return false;
  if (actor === "creator") return true;
  return actor === "admin" && target === "member";
}

/**
 * Who becomes creator when the creator leaves: the admin in the group longest, else the member
 * in it longest (`members` are those still in, oldest entry first); null when none is left.
 */
export function successor<M extends { userId: string; role: GroupRole }>(members: M[], leaving: string): M | null {
  const others = members.filter((member) => member.userId !== leaving);
  return others.find((member) => member.role === "admin") ?? others[0] ?? null;
}
