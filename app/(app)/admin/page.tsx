import type { Metadata } from "next";
import { type AdminSnapshot, AdminArea } from "@/components/admin/admin-area";
import { Card } from "@/components/ui/card";
import { auth } from "@/lib/auth";
import { getServices } from "@/lib/services";
import { isAdministrator } from "./is-administrator";

export const metadata: Metadata = { title: "Admin" };

/** Rendered with the page, so it appears whole instead of section by section. */
async function snapshot(): Promise<AdminSnapshot> {
  const { admin } = getServices();
  const [figures, invites, accounts, audit] = await Promise.all([
    admin.figures(),
    admin.listInvites(),
    admin.listAccounts(""),
    admin.auditLog(),
  ]);
  return { figures, invites, accounts, audit };
}

/** The operator's controls; everyone else learns only that the page is not for them. */
export default async function AdminPage() {
  // The layout already sent signed-out visitors to /login.
  const session = await auth();
  const allowed = session ? await isAdministrator(session.user.id) : false;
  return (
    // One column whose cards may not grow wider than the screen (the audit table scrolls instead).
    <div className="grid grid-cols-1 gap-6">
      <div>
        <h1 className="text-xl font-semibold">Admin</h1>
        {allowed ? (
          <p className="mt-1 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
            Who may join this server, the accounts on it, and how busy it is. Every action here is recorded in the audit
            log.
          </p>
        ) : null}
      </div>
      {allowed && session ? (
        <AdminArea me={session.user.username} initial={await snapshot()} />
      ) : (
        <Card>
          <p className="text-sm">Only administrators can see this page.</p>
        </Card>
      )}
    </div>
  );
}
