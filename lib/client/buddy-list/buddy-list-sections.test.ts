import { describe, expect, it } from "vitest";
import { buddyListSections } from "./buddy-list-sections";
import { contact, offline, view } from "@/lib/client/testing/presence-fixtures";

const zoe = contact("zoe", { groupIds: ["friends"] });
const adam = contact("adam", { groupIds: ["friends", "work"], presence: offline(view("adam")) });
const bea = contact("bea", { groupIds: ["friends"] });
const carl = contact("carl");
const groups = [
  { id: "friends", name: "Friends", position: 0 },
  { id: "work", name: "Work", position: 1 },
];

describe("buddyListSections", () => {
  it("puts everyone in one Contacts section when there are no groups", () => {
    const sections = buddyListSections([zoe, carl], []);
    expect(sections).toMatchObject([{ groupId: null, name: "Contacts", online: 2 }]);
  });

  it("has no sections for an empty list without groups", () => {
    expect(buddyListSections([], [])).toEqual([]);
  });

  it("lists groups in order, a contact in each of its groups, then the ungrouped", () => {
    const sections = buddyListSections([zoe, adam, bea, carl], groups);
    expect(sections.map((section) => [section.name, section.contacts.map((each) => each.username)])).toEqual([
      ["Friends", ["bea", "zoe", "adam"]],
      ["Work", ["adam"]],
      ["Ungrouped", ["carl"]],
    ]);
  });

  it("counts who is online per group, and keeps empty groups", () => {
    const sections = buddyListSections([zoe, adam, bea], [...groups, { id: "empty", name: "Empty", position: 2 }]);
    expect(sections.map((section) => `${section.name} ${section.online}/${section.contacts.length}`)).toEqual([
      "Friends 2/3",
      "Work 0/1",
      "Empty 0/0",
    ]);
  });

  it("treats ids of deleted groups as no group", () => {
    expect(buddyListSections([contact("dan", { groupIds: ["gone"] })], groups).at(-1)).toMatchObject({ name: "Ungrouped" });
  });
});
