// Which credential may do what: a browser session everything, a personal access token only
// what its scopes allow, and never manage tokens (so a leaked token cannot outlive its own
// revocation by minting another).
import { ErrorCode, ServiceError } from "@/lib/protocol/errors";
import { type CommandPermission, TOKEN_SCOPE_LABELS, TOKEN_SCOPES, type TokenScope } from "@/lib/protocol/scopes";

/** `scopes` is set only for requests and sockets authenticated with a token. */
export type Credential = { scopes?: readonly TokenScope[] };

/** Whether the credential may do something that needs `needs`. */
export function permits(credential: Credential, needs: CommandPermission): boolean {
  if (!credential.scopes) return true;
  return needs !== "session" && credential.scopes.includes(needs);
}

/** Throws `insufficient_scope` unless the credential may do something that needs `needs`. */
export function requirePermission(credential: Credential, needs: CommandPermission): void {
  if (permits(credential, needs)) return;
  throw new ServiceError(
    ErrorCode.insufficient_scope,
    needs === "session"
      ? "Personal access tokens cannot do this. Use the app, signed in."
      : `This token does not have the “${TOKEN_SCOPE_LABELS[needs].label}” scope (${needs}).`,
  );
}

/** Scopes as stored: space-separated, like OAuth's `scope`. Unknown words are dropped. */
export function parseStoredScopes(stored: string): TokenScope[] {
  const words = stored.split(/\s+/);
  return TOKEN_SCOPES.filter((scope) => words.includes(scope));
}

export const storedScopes = (scopes: readonly TokenScope[]): string => scopes.join(" ");
