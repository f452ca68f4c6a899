// The admin area's API: invitations, accounts (search, suspend), instance figures and the
// audit log. An administrator's session only; everyone else gets 403.
import { z } from "zod";
import {
  accountListSchema,
  accountSearchSchema,
  auditLogSchema,
  createdInviteBodySchema,
  createInviteSchema,
  instanceFiguresSchema,
  inviteIdSchema,
  inviteListSchema,
  setSuspendedSchema,
} from "@/lib/protocol/admin";
import { usernameRefSchema } from "@/lib/protocol";
import { doneSchema } from "@/lib/protocol/schemas";
import type { OperationGroup } from "./operation";

const done = { "200": { description: "Done.", content: { "application/json": { schema: doneSchema } } } };

export const admin: OperationGroup = {
  tag: {
    name: "Admin",
    description: "The operator's tools. Every action is written to the audit log, as those of `npm run admin` are.",
  },
  operations: [
    {
      id: "listInvites",
      method: "get",
      path: "/api/admin/invites",
      summary: "The invitations",
      auth: "administrator",
      responses: { "200": { description: "The invitations.", content: { "application/json": { schema: inviteListSchema } } } },
    },
    {
      id: "createInvite",
      method: "post",
      path: "/api/admin/invites",
      summary: "Create an invitation; its link is shown this once",
      auth: "administrator",
      body: createInviteSchema,
      responses: { "201": { description: "Created.", content: { "application/json": { schema: createdInviteBodySchema } } } },
    },
    {
      id: "revokeInvite",
      method: "delete",
      path: "/api/admin/invites/{id}",
      summary: "Revoke an invitation",
      auth: "administrator",
      params: { path: z.object({ id: inviteIdSchema }) },
      responses: done,
      errors: { not_found: "No active invitation has this id." },
    },
    {
      id: "listAccounts",
      method: "get",
      path: "/api/admin/accounts",
      summary: "The instance's accounts, searched by username (at most 200)",
      auth: "administrator",
      params: { query: accountSearchSchema },
      responses: { "200": { description: "The accounts.", content: { "application/json": { schema: accountListSchema } } } },
      errors: { invalid_payload: "`q` is longer than 64 characters." },
    },
    {
      id: "setAccountSuspended",
      method: "patch",
      path: "/api/admin/accounts/{username}",
      summary: "Suspend an account (its sessions and sockets end at once; no sign-in) or unsuspend it",
      auth: "administrator",
      params: { path: z.object({ username: usernameRefSchema }) },
      body: setSuspendedSchema,
      responses: done,
      errors: {
        not_found: "No account has this name.",
        conflict: "Administrators cannot suspend their own account.",
        invalid_payload: "The username is longer than 64 characters.",
      },
    },
    {
      id: "getInstanceFigures",
      method: "get",
      path: "/api/admin/figures",
      summary: "Accounts, clients connected now, messages per day",
      auth: "administrator",
      responses: { "200": { description: "The figures.", content: { "application/json": { schema: instanceFiguresSchema } } } },
    },
    {
      id: "getAuditLog",
      method: "get",
      path: "/api/admin/audit",
      summary: "The audit log of administrative actions, newest first",
      auth: "administrator",
      responses: { "200": { description: "The entries.", content: { "application/json": { schema: auditLogSchema } } } },
    },
  ],
};
