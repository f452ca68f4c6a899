// Creating an account, and signing in and out (Auth.js, which answers with redirects).
import { z } from "zod";
import { createdAccountSchema, signInSchema, signUpSchema } from "@/lib/protocol/account";
import type { OperationGroup } from "./operation";

const csrfForm = z.object({ csrfToken: z.string() });

// What Auth.js answers (lib/auth/config.ts shapes the session's user); no handler of ours parses these.
const sessionAnswer = z
  .object({
    user: z.object({ id: z.string(), username: z.string(), name: z.string(), sessionId: z.string() }),
    expires: z.iso.datetime(),
  })
  .nullable();
const providersAnswer = z.record(
  z.string(),
  z.object({ id: z.string(), name: z.string(), type: z.string(), signinUrl: z.url(), callbackUrl: z.url() }),
);

export const accounts: OperationGroup = {
  tag: {
    name: "Accounts and sessions",
    description: "Every account is a PRESENTITY and an INSTANT INBOX. Signing in sets the session cookie.",
  },
  operations: [
    {
      id: "createAccount",
      method: "post",
      path: "/api/accounts",
      summary: "Create an account",
      auth: "none",
      body: signUpSchema,
      responses: { "201": { description: "Created.", content: { "application/json": { schema: createdAccountSchema } } } },
      errors: {
        forbidden: "Sign-ups are closed, or need a valid invitation (`invite`).",
        conflict: "The username is taken (deleted accounts keep theirs).",
        invalid_payload: "The password is too common.",
        rate_limited: "Too many sign-ups from this address (SIGNUPS_PER_ADDRESS_PER_HOUR); Retry-After says how long to wait.",
      },
    },
    {
      id: "getCsrfToken",
      method: "get",
      path: "/api/auth/csrf",
      summary: "A CSRF token for signing in and out (Auth.js)",
      auth: "none",
      bare: true,
      responses: {
        "200": { description: "The token; its cookie is set too.", content: { "application/json": { schema: csrfForm } } },
      },
    },
    {
      id: "getSession",
      method: "get",
      path: "/api/auth/session",
      summary: "The session of the cookie sent (Auth.js), or null",
      description: "Every call re-checks the server-side session: one that ended (signed out, password changed) is null.",
      auth: "none",
      bare: true,
      responses: { "200": { description: "The session, or null without one.", content: { "application/json": { schema: sessionAnswer } } } },
    },
    {
      id: "getAuthProviders",
      method: "get",
      path: "/api/auth/providers",
      summary: "The ways to sign in (Auth.js): only `credentials`",
      auth: "none",
      bare: true,
      responses: { "200": { description: "The providers by id.", content: { "application/json": { schema: providersAnswer } } } },
    },
    {
      id: "signInPage",
      method: "get",
      path: "/api/auth/signin",
      summary: "Where to sign in (Auth.js): the app's sign-in page",
      auth: "none",
      bare: true,
      responses: { "302": { description: "To /login. Clients sign in with a POST to /api/auth/callback/credentials." } },
    },
    {
      id: "signIn",
      method: "post",
      path: "/api/auth/callback/credentials",
      summary: "Sign in (Auth.js credentials)",
      auth: "none",
      form: signInSchema.extend({
        ...csrfForm.shape,
        callbackUrl: z.string().optional().meta({ description: "Where the redirect goes once signed in." }),
      }),
      responses: {
        "302": {
          description:
            "Signed in (the session cookie is set), or refused: then the Location carries `error=CredentialsSignin` and " +
            "`code=invalid_credentials`, `code=retry_after_<seconds>` or `code=suspended`.",
        },
      },
    },
    {
      id: "signOut",
      method: "post",
      path: "/api/auth/signout",
      summary: "Sign out: the session of the cookie sent ends everywhere",
      auth: "none",
      form: csrfForm,
      responses: { "302": { description: "Signed out." } },
    },
  ],
};
