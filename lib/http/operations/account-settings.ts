// The account's own settings: password, signed-in sessions, export and deletion. Only the
// browser session may use them (never a token), and changes must come from this site's pages.
import { z } from "zod";
import {
  changePasswordSchema,
  deleteAccountSchema,
  endedSessionsSchema,
  sessionIdSchema,
  sessionListSchema,
} from "@/lib/protocol/account";
import { accountExportSchema } from "@/lib/protocol/export";
import { doneSchema } from "@/lib/protocol/schemas";
import type { OperationGroup } from "./operation";

const done = { "200": { description: "Done.", content: { "application/json": { schema: doneSchema } } } };

export const accountSettings: OperationGroup = {
  tag: {
    name: "Account settings",
    description: "The signed-in account's password, sessions, data export and deletion. The session cookie only, never a token.",
  },
  operations: [
    {
      id: "changePassword",
      method: "post",
      path: "/api/account/password",
      summary: "Change the password; every other session ends at once, sockets included",
      auth: "session",
      body: changePasswordSchema,
      responses: done,
      errors: { forbidden: "The current password is not right.", invalid_payload: "The new password is too common." },
    },
    {
      id: "listSessions",
      method: "get",
      path: "/api/account/sessions",
      summary: "The account's signed-in sessions",
      auth: "session",
      responses: { "200": { description: "The sessions.", content: { "application/json": { schema: sessionListSchema } } } },
    },
    {
      id: "endOtherSessions",
      method: "delete",
      path: "/api/account/sessions",
      summary: "Sign out everywhere else",
      auth: "session",
      responses: { "200": { description: "How many sessions ended.", content: { "application/json": { schema: endedSessionsSchema } } } },
    },
    {
      id: "endSession",
      method: "delete",
      path: "/api/account/sessions/{id}",
      summary: "Sign out one session (its tabs close at once)",
      auth: "session",
      params: { path: z.object({ id: sessionIdSchema }) },
      responses: done,
      errors: { not_found: "The account has no session with this id." },
    },
    {
      id: "exportAccount",
      method: "get",
      path: "/api/account/export",
      summary: "Everything of the account as one JSON file",
      description: "The format is documented in docs/export.md.",
      auth: "session",
      responses: {
        "200": {
          description: "The export, as a download.",
          headers: {
            "Content-Disposition": {
              description: 'attachment; filename="buddylist-<username>-<YYYY-MM-DD>.json"',
              schema: { type: "string" as const },
            },
          },
          content: { "application/json": { schema: accountExportSchema } },
        },
      },
    },
    {
      id: "deleteAccount",
      method: "delete",
      path: "/api/account",
      summary: "Delete the account",
      description:
        "Presence, subscriptions both ways, rules, tokens and the inbox go; messages it sent stay in the other inboxes, " +
        "from a deleted account; the username stays reserved.",
      auth: "session",
      body: deleteAccountSchema,
      responses: done,
      errors: { forbidden: "The password is not right." },
    },
  ],
};
