import { redirect } from "next/navigation";
import { isAdministrator } from "@/app/(app)/admin/is-administrator";
import { DesktopNotifier } from "@/components/chat/desktop-notifier";
import { UnreadTitle } from "@/components/chat/unread-title";
import { SocketProvider } from "@/components/providers/socket-provider";
import { VisibilityReporter } from "@/components/push/visibility-reporter";
import { AppHeader } from "@/components/shell/app-header";
import { TabBar } from "@/components/shell/tab-bar";
import { auth } from "@/lib/auth";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await auth();
  if (!session) redirect("/login");
  const admin = await isAdministrator(session.user.id);
  return (
    <SocketProvider>
      <UnreadTitle />
      <DesktopNotifier />
      <VisibilityReporter />
      <AppHeader user={session.user} isAdmin={admin} />
      <main className="mx-auto w-full max-w-5xl px-4 has-[[data-wide]]:xl:max-w-7xl pt-4 pb-[calc(4rem+env(safe-area-inset-bottom))] sm:pt-6 sm:pb-6">{children}</main>
      <TabBar showAdmin={admin} />
    </SocketProvider>
  );
}
