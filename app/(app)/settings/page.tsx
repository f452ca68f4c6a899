import type { Metadata } from "next";
import { AccessTokens } from "@/components/settings/access-tokens";
import { DisplayNameForm } from "@/components/settings/display-name-form";
import { auth } from "@/lib/auth";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  // The layout already sent signed-out visitors to /login.
  const session = await auth();
  return (
    <div className="mx-auto grid max-w-2xl gap-6">
      <h1 className="text-xl font-semibold">Settings</h1>
      <DisplayNameForm initial={session?.user.name ?? ""} />
      <AccessTokens />
    </div>
  );
}
