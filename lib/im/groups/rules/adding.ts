// Who may be added to a group, by whom: the added person's DELIVERY RULES decide, as for a
// first message from the adder. Pure: the facts come in as arguments.
import type { AcceptFrom } from "@/lib/protocol/im";

export type AddFacts = {
  /** The person's access rules block the adder (block or polite-block): the adder must not learn it. */
  blocksAdder: boolean;
  acceptFrom: AcceptFrom;
  /** The adder is in the person's buddy list. */
  adderIsContact: boolean;
};

/**
 * member: in at once · invited: the group waits in the person's message requests ·
 * refuse-unknown: answered exactly as an unknown name · refuse-nobody, refuse-contacts-only:
 * refused, and the adder is told why.
 */
export type AddOutcome = "member" | "invited" | "refuse-unknown" | "refuse-nobody" | "refuse-contacts-only";

export function evaluateAdd(facts: AddFacts): AddOutcome {
  // A block makes the person look absent, so it wins over every rule that would say more.
  if (facts.blocksAdder) return "refuse-unknown";
  if (facts.acceptFrom === "nobody") return "refuse-nobody";
  if (facts.adderIsContact) return "member";
  if (facts.acceptFrom === "contacts") return "refuse-contacts-only";
  return "invited";
}
