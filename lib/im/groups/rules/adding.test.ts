import { describe, expect, it } from "vitest";
import { evaluateAdd } from "./adding";

describe("evaluateAdd", () => {
  it("answers a person who blocks the adder as an unknown name, whatever else holds", () => {
    for (const acceptFrom of ["everyone", "contacts", "nobody"] as const) {
      for (const adderIsContact of [true, false]) {
        expect(evaluateAdd({ blocksAdder: true, acceptFrom, adderIsContact })).toBe("refuse-unknown");
      }
    }
  });

  it("refuses openly someone who accepts nobody, even a contact", () => {
    expect(evaluateAdd({ blocksAdder: false, acceptFrom: "nobody", adderIsContact: true })).toBe("refuse-nobody");
  });

  it("lets a contact add at once", () => {
    expect(evaluateAdd({ blocksAdder: false, acceptFrom: "contacts", adderIsContact: true })).toBe("member");
    expect(evaluateAdd({ blocksAdder: false, acceptFrom: "everyone", adderIsContact: true })).toBe("member");
  });

  it("refuses a non-contact where only contacts may write, and invites elsewhere", () => {
    expect(evaluateAdd({ blocksAdder: false, acceptFrom: "contacts", adderIsContact: false })).toBe("refuse-contacts-only");
    expect(evaluateAdd({ blocksAdder: false, acceptFrom: "everyone", adderIsContact: false })).toBe("invited");
  });
});
