// Why a message was not sent, in words for the person, from the server's refusal.
import { ErrorCode, type ProtocolError } from "@/lib/protocol";

export function sendFailureText(error: ProtocolError): string {
  switch (error.code) {
    case ErrorCode.rate_limited: {
      const wait = error.retryAfter && error.retryAfter > 0 ? `in ${error.retryAfter} s` : "in a moment";
      return `You are sending messages too fast. Try again ${wait}.`;
    }
    case ErrorCode.not_found:
      // A block looks exactly like this too, on purpose.
      return "No account with that address.";
    case ErrorCode.invalid_payload:
      // The body's problem says what to change; any other is best said by the whole message.
      return error.issues?.find((issue) => issue.path === "body")?.message ?? error.message;
    default:
      return error.message;
  }
}
