import type { Metadata } from "next";
import { AccessRules } from "@/components/privacy/access-rules";
import { AppearOfflineCard } from "@/components/privacy/appear-offline-card";
import { MyVisibility } from "@/components/privacy/my-visibility";
import { PresencePreview } from "@/components/privacy/presence-preview";
import { WhoIsWatching } from "@/components/privacy/who-is-watching";

export const metadata: Metadata = { title: "Privacy" };

/**
 * The privacy center: who sees what of me (access rules, appear offline, a preview), who has
 * been looking (watcher information), and whether others see me looking (visibility).
 */
export default function PrivacyPage() {
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-xl font-semibold">Privacy</h1>
        <p className="mt-1 max-w-prose text-sm text-zinc-600 dark:text-zinc-400">
          You decide who sees your status and how much of it, you can see who has been looking, and you choose whether
          others see you looking.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <AppearOfflineCard />
        <PresencePreview />
      </div>
      <AccessRules />
      <WhoIsWatching />
      <MyVisibility />
    </div>
  );
}
