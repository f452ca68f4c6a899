// Service errors as XMPP stanza errors. `not_found` is service-unavailable for messages and
// presence (RFC 6121 §8.5.2.1.1: an address that does not exist, and — the same — one whose
// owner blocks the sender) and item-not-found for queries.
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import { StanzaError } from "../outbound";

export function stanzaErrorOf(error: unknown, kind: "iq" | "message" | "presence"): StanzaError {
  if (error instanceof StanzaError) return error;
  if (!(error instanceof ServiceError)) return new StanzaError("internal-server-error", "cancel");
  switch (error.code) {
    case ErrorCode.not_found:
      return kind === "iq" ? new StanzaError("item-not-found", "cancel") : new StanzaError("service-unavailable", "cancel");
    case ErrorCode.forbidden:
      return new StanzaError("not-acceptable", "cancel", error.message);
    case ErrorCode.rate_limited:
      return new StanzaError("resource-constraint", "wait", error.message);
    case ErrorCode.invalid_payload:
    case ErrorCode.conflict:
      return new StanzaError("bad-request", "modify", error.message);
    default:
      return new StanzaError("internal-server-error", "cancel");
  }
}
