// Storage of a person's contact groups and which contacts are in them. Implementations:
// prisma-group-store.ts, memory-group-store.ts.

export type StoredGroup = { id: string; name: string; position: number; memberIds: string[] };

/** The owner already has a group of that name. */
export class GroupNameTakenError extends Error {}

export interface GroupStore {
  /** The owner's groups in order, each with its members. */
  list(ownerId: string): Promise<StoredGroup[]>;
  /** These owners' groups, each with its members. */
  groupsOf(ownerIds: string[]): Promise<(StoredGroup & { ownerId: string })[]>;
  /** Adds a group after the others; throws GroupNameTakenError. */
  create(ownerId: string, name: string): Promise<StoredGroup>;
  count(ownerId: string): Promise<number>;
  /** False when the owner has no such group; throws GroupNameTakenError. */
  rename(ownerId: string, groupId: string, name: string): Promise<boolean>;
  remove(ownerId: string, groupId: string): Promise<boolean>;
  /** Puts the named groups first, in the given order; others keep their relative order after. */
  reorder(ownerId: string, groupIds: string[]): Promise<void>;
  /** Sets which of the owner's groups a contact is in. Ids of other people's groups are ignored. */
  setContactGroups(ownerId: string, contactId: string, groupIds: string[]): Promise<void>;
  /** Takes a contact out of all the owner's groups (when the contact is removed). */
  removeContact(ownerId: string, contactId: string): Promise<void>;
}
