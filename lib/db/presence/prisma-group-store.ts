// The group store on SQLite or PostgreSQL through Prisma (the contract: group-store.ts).
import { randomUUID } from "node:crypto";
import type { Db } from "../client";
import { readRows } from "../direct-reads";
import { Prisma } from "../generated/sqlite/client";
import { GroupNameTakenError, type GroupStore, type StoredGroup } from "./group-store";

export function createPrismaGroupStore(db: Db): GroupStore {
  const isUniqueViolation = (error: unknown) =>
    typeof error === "object" && error !== null && "code" in error && error.code === "P2002";

  return {
    async list(ownerId: string): Promise<StoredGroup[]> {
      const groups = await db.contactGroup.findMany({
        where: { ownerId },
        orderBy: { position: "asc" },
        include: { members: { select: { contactId: true } } },
      });
      return groups.map(({ id, name, position, members }) => ({
        id,
        name,
        position,
        memberIds: members.map((member) => member.contactId),
      }));
    },

    /** These owners' groups, each with its members (no member query when there are no groups). */
    async groupsOf(ownerIds: string[]): Promise<(StoredGroup & { ownerId: string })[]> {
      if (ownerIds.length === 0) return [];
      // Raw, past Prisma's engine on SQLite: every presentity a connect loads asks this.
      const groups = (
        await readRows<{ id: string; ownerId: string; name: string; position: number }>(
          db,
          Prisma.sql`SELECT "id", "ownerId", "name", "position" FROM "ContactGroup" WHERE "ownerId" IN (${Prisma.join(ownerIds)}) ORDER BY "position"`,
        )
      ).map((group) => ({ ...group, position: Number(group.position) }));
      if (groups.length === 0) return [];
      const members = await db.contactGroupMember.findMany({
        where: { groupId: { in: groups.map((group) => group.id) } },
        select: { groupId: true, contactId: true },
      });
      const memberIds = new Map<string, string[]>();
      for (const { groupId, contactId } of members) memberIds.set(groupId, [...(memberIds.get(groupId) ?? []), contactId]);
      return groups.map(({ id, name, position, ownerId }) => ({ id, name, position, ownerId, memberIds: memberIds.get(id) ?? [] }));
    },

    async create(ownerId: string, name: string): Promise<StoredGroup> {
      const last = await db.contactGroup.aggregate({ where: { ownerId }, _max: { position: true }, _count: true });
      try {
        const group = await db.contactGroup.create({
          data: { id: randomUUID(), ownerId, name, position: (last._max.position ?? -1) + 1 },
        });
        return { id: group.id, name: group.name, position: group.position, memberIds: [] };
      } catch (error) {
        if (isUniqueViolation(error)) throw new GroupNameTakenError();
        throw error;
      }
    },

    async count(ownerId: string): Promise<number> {
      return db.contactGroup.count({ where: { ownerId } });
    },

    async rename(ownerId: string, groupId: string, name: string): Promise<boolean> {
      try {
        const { count } = await db.contactGroup.updateMany({ where: { id: groupId, ownerId }, data: { name } });
        return count > 0;
      } catch (error) {
        if (isUniqueViolation(error)) throw new GroupNameTakenError();
        throw error;
      }
    },

    async remove(ownerId: string, groupId: string): Promise<boolean> {
      const { count } = await db.contactGroup.deleteMany({ where: { id: groupId, ownerId } });
      return count > 0;
    },

    /** Puts the named groups first, in the given order; others keep their relative order after. */
    async reorder(ownerId: string, groupIds: string[]): Promise<void> {
      const groups = await this.list(ownerId);
      const known = new Set(groups.map((group) => group.id));
      const ordered = [
        ...groupIds.filter((id) => known.has(id)),
        ...groups.map((group) => group.id).filter((id) => !groupIds.includes(id)),
      ];
      await db.$transaction(
        ordered.map((id, position) => db.contactGroup.updateMany({ where: { id, ownerId }, data: { position } })),
      );
    },

    /** Sets which of the owner's groups a contact is in. Ids of other people's groups are ignored. */
    async setContactGroups(ownerId: string, contactId: string, groupIds: string[]): Promise<void> {
      const owned = await db.contactGroup.findMany({ where: { ownerId, id: { in: groupIds } }, select: { id: true } });
      await db.$transaction([
        db.contactGroupMember.deleteMany({ where: { contactId, group: { ownerId } } }),
        db.contactGroupMember.createMany({ data: owned.map((group) => ({ groupId: group.id, contactId })) }),
      ]);
    },

    /** Takes a contact out of all the owner's groups (when the contact is removed). */
    async removeContact(ownerId: string, contactId: string): Promise<void> {
      await db.contactGroupMember.deleteMany({ where: { contactId, group: { ownerId } } });
    },
  };
}
