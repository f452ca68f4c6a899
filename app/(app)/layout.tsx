import { redirect } from "next/navigation";
import { isAdministrator } from "@/app/(app)/admin/is-administrator";
import { DesktopNotifier } from "@/components/chat/desktop-notifier";
import { UnreadTitle } from "@/components/chat/unread-title";
import { SocketProvider } from "@/components/providers/socket-provider";
import { VisibilityReporter } from "@/components/push/visibility-reporter";
import { AppHeader } from "@/components/shell/app-header";
import { auth } from "@/lib/auth";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  if (!session) redirect("/login");
  return (
    <SocketProvider>
      <UnreadTitle />
      <DesktopNotifier />
      <VisibilityReporter />
      <AppHeader user={session.user} isAdmin={await isAdministrator(session.user.id)} />
      <main className="mx-auto w-full max-w-5xl px-4 py-6">{children}</main>
    </SocketProvider>
  );
}
