"use client";
import { Card } from "@/components/ui/card";

export function BuddyList() {
  return (
    <Card aria-labelledby="buddy-list-title">
      <h1 id="buddy-list-title" className="text-lg font-semibold">
        Buddy list
      </h1>
      <p className="mt-2 text-sm text-zinc-500 dark:text-zinc-400" data-testid="buddy-list-empty">
        No contacts yet.
      </p>
    </Card>
  );
}
