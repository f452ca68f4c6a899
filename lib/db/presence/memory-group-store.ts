// The group store in memory (the contract: group-store.ts), over memory-tables.ts.
import { randomUUID } from "node:crypto";
import { deleteWhere, type MemoryTables, sortBy } from "../memory-tables";
import { GroupNameTakenError, type GroupStore, type StoredGroup } from "./group-store";

export function createMemoryGroupStore(tables: MemoryTables): GroupStore {
  const owned = (ownerId: string) =>
    sortBy(
      tables.groups.filter((group) => group.ownerId === ownerId),
      (group) => group.position,
    );
  const withMembers = ({ id, name, position }: { id: string; name: string; position: number }): StoredGroup => ({
    id,
    name,
    position,
    memberIds: tables.members.filter((member) => member.groupId === id).map((member) => member.contactId),
  });
  const nameTaken = (ownerId: string, name: string, except?: string) =>
    tables.groups.some((group) => group.ownerId === ownerId && group.name === name && group.id !== except);
  /** Memberships of a contact in the owner's groups. */
  const inOwnersGroups = (ownerId: string, contactId: string) => {
    const groups = new Set(owned(ownerId).map((group) => group.id));
    return (member: { groupId: string; contactId: string }) => member.contactId === contactId && groups.has(member.groupId);
  };

  return {
    async list(ownerId) {
      return owned(ownerId).map(withMembers);
    },

    async groupsOf(ownerIds) {
      return sortBy(
        tables.groups.filter((group) => ownerIds.includes(group.ownerId)),
        (group) => group.position,
      ).map((group) => ({ ...withMembers(group), ownerId: group.ownerId }));
    },

    async create(ownerId, name) {
      if (nameTaken(ownerId, name)) throw new GroupNameTakenError();
      const position = Math.max(-1, ...owned(ownerId).map((group) => group.position)) + 1;
      const group = { id: randomUUID(), ownerId, name, position };
      tables.groups.push(group);
      return withMembers(group);
    },

    async count(ownerId) {
      return owned(ownerId).length;
    },

    async rename(ownerId, groupId, name) {
      const group = tables.groups.find((candidate) => candidate.id === groupId && candidate.ownerId === ownerId);
      if (!group) return false;
      if (nameTaken(ownerId, name, groupId)) throw new GroupNameTakenError();
      group.name = name;
      return true;
    },

    async remove(ownerId, groupId) {
      const removed = deleteWhere(tables.groups, (group) => group.id === groupId && group.ownerId === ownerId);
      if (removed > 0) deleteWhere(tables.members, (member) => member.groupId === groupId);
      return removed > 0;
    },

    async reorder(ownerId, groupIds) {
      const groups = owned(ownerId);
      const known = new Set(groups.map((group) => group.id));
      const ordered = [
        ...groupIds.filter((id) => known.has(id)),
        ...groups.map((group) => group.id).filter((id) => !groupIds.includes(id)),
      ];
      ordered.forEach((id, position) => {
        const group = groups.find((candidate) => candidate.id === id);
        if (group) group.position = position;
      });
    },

    async setContactGroups(ownerId, contactId, groupIds) {
      const chosen = owned(ownerId).filter((group) => groupIds.includes(group.id));
      deleteWhere(tables.members, inOwnersGroups(ownerId, contactId));
      tables.members.push(...chosen.map((group) => ({ groupId: group.id, contactId })));
    },

    async removeContact(ownerId, contactId) {
      deleteWhere(tables.members, inOwnersGroups(ownerId, contactId));
    },
  };
}
