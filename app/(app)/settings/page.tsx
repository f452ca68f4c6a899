import type { Metadata } from "next";
import { AccountSecurity } from "@/components/settings/account-security";
import { AttachmentStorage } from "@/components/settings/attachment-storage";
import { DeleteAccount } from "@/components/settings/delete-account";
import { DisplayNameForm } from "@/components/settings/display-name-form";
import { ExportData } from "@/components/settings/export-data";
import { InboxSettings } from "@/components/settings/inbox-settings";
import { PushNotifications } from "@/components/settings/push-notifications";
import { QuietHoursSettings } from "@/components/settings/quiet-hours-settings";
import type { SessionUser } from "@/lib/protocol";
import { auth } from "@/lib/auth";
import { getServices } from "@/lib/services";
import { xmppEndpointInfo } from "@/lib/xmpp/endpoint-info";

export const metadata: Metadata = { title: "Settings" };

const sessionUser = ({ id, username, name, sessionId }: { id: string; username: string; name: string; sessionId: string }): SessionUser => ({
  id,
  username,
  displayName: name,
  sessionId,
});

/** The account's own settings: profile, security, XMPP apps, API access, its data, and leaving. */
export default async function SettingsPage() {
  // The layout already sent signed-out visitors to /login.
  const session = await auth();
  const username = session?.user.username ?? "";
  // Rendered with the page (not fetched after it), so the cards below do not jump when it loads.
  const user = session ? sessionUser(session.user) : null;
  const [sessions, pushDevices, pushSettings] = user
    ? await Promise.all([
        getServices().accountSettings.listSessions(user),
        getServices().push.list(user),
        getServices().push.settings(user),
      ])
    : [[], [], { showText: true }];
  const storage = user ? await getServices().attachments.usage(user.id) : null;
  return (
    <div className="mx-auto grid max-w-2xl gap-6">
      <h1 className="text-xl font-semibold">Settings</h1>
      <DisplayNameForm initial={session?.user.name ?? ""} />
      <InboxSettings />
      <PushNotifications initialDevices={pushDevices} initialSettings={pushSettings} />
      <QuietHoursSettings />
      {storage ? <AttachmentStorage usage={storage} /> : null}
      {/* Also XMPP apps and access tokens: a password change and "sign out everywhere" revoke them. */}
      <AccountSecurity username={username} initialSessions={sessions} xmpp={xmppEndpointInfo()} />
      <ExportData />
      <DeleteAccount username={username} />
    </div>
  );
}
