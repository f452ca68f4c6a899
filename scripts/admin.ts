// `npm run admin -- <command>`: the admin area's actions from a terminal, for headless
// servers. It uses the same services (and writes the same audit log) as the web page; the
// actor is recorded as "terminal".
//
//   invite [--hours 168] [--uses 1]   create an invitation link
//   invites                           list invitations
//   revoke-invite <id>                revoke an invitation
//   accounts [search]                 list accounts
//   suspend <username>                suspend an account (its sockets close within seconds)
//   unsuspend <username>              lift a suspension
//   audit                             the audit log
//   backup <file> [--force]           copy the SQLite database while the server runs
//   restore <file> [--force]          put a backup in place (no server may run on the data folder)
import { parseArgs } from "node:util";
import { closeDb, getDb, prepareDatabase } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { getEnv } from "../lib/env";
import { createLogger } from "../lib/log";
import { TERMINAL } from "../lib/admin/admin-service";
import { createServices } from "../lib/services";
import { runBackupCommand } from "./admin-backup";

const USAGE = `usage: npm run admin -- <invite [--hours H] [--uses N] | invites | revoke-invite ID | accounts [SEARCH] | suspend USERNAME | unsuspend USERNAME | audit | backup FILE [--force] | restore FILE [--force]>`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      hours: { type: "string", default: "168" },
      uses: { type: "string", default: "1" },
      force: { type: "boolean", default: false },
    },
  });
  const [command, argument] = positionals;
  // These work on the database file itself: no migration first, no services.
  if (command === "backup" || command === "restore") return runBackupCommand(command, argument, { force: values.force });
  const env = getEnv();
  await applyMigrations(env.DATABASE_URL);
  const db = getDb();
  await prepareDatabase(db, env.DATABASE_URL);
  const services = createServices({ db, env, logger: createLogger("warn") });
  const { admin } = services;
  try {
    switch (command) {
      case "invite": {
        const invite = await admin.createInvite(TERMINAL, { expiresInHours: Number(values.hours), maxUses: Number(values.uses) });
        console.log(`Invitation ${invite.id}: ${invite.maxUses} use(s), until ${invite.expiresAt}`);
        console.log(`Link: /signup?invite=${encodeURIComponent(invite.secret)}  (after your server's address)`);
        break;
      }
      case "invites":
        console.table(await admin.listInvites());
        break;
      case "revoke-invite":
        if (!argument) throw new Error(USAGE);
        await admin.revokeInvite(TERMINAL, argument);
        console.log("Revoked.");
        break;
      case "accounts":
        console.table(await admin.listAccounts(argument ?? ""));
        break;
      case "suspend":
      case "unsuspend":
        if (!argument) throw new Error(USAGE);
        await (command === "suspend" ? admin.suspend(TERMINAL, argument) : admin.unsuspend(TERMINAL, argument));
        console.log(command === "suspend" ? `Suspended ${argument}.` : `${argument} may sign in again.`);
        break;
      case "audit":
        console.table(await admin.auditLog(50));
        break;
      default:
        throw new Error(USAGE);
    }
  } finally {
    await services.close();
    await closeDb();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
