"use client";
// "See my presence as…": my presence as a chosen person, group, my contacts or any signed-in
// user would see it, by the server's real evaluation. It follows along: a rule saved or a
// status set while a preview shows is previewed again.
import { useEffect, useState } from "react";
import { AvailabilityLabel } from "@/components/presence/availability-label";
import { Avatar } from "@/components/presence/avatar";
import { LastSeen } from "@/components/presence/last-seen";
import { PresenceDetails } from "@/components/presence/presence-details";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { sendCommand } from "@/lib/client/connection/commands";
import { presenceSummary } from "@/lib/client/presence/presence-display";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { usePrivacy } from "@/lib/client/react/use-privacy";
import { useSocket } from "@/lib/client/react/use-socket";
import { useUserSuggestions } from "@/lib/client/react/use-user-suggestions";
import { type Ack, ErrorCode, type PresencePreview as Preview, type PresenceView, type PreviewSubject } from "@/lib/protocol";
import { cn } from "@/lib/utils";
import { SubjectPicker } from "./subject-picker";

type Viewer = "user" | "group" | "contacts" | "signed-in";
type Asked = { subject: PreviewSubject; label: string };

const VIEWER_CHOICES: { type: Viewer; label: string }[] = [
  { type: "user", label: "A person" },
  { type: "group", label: "People in one of my groups" },
  { type: "contacts", label: "My contacts" },
  { type: "signed-in", label: "Anyone signed in" },
];

function PreviewView({ view }: { view: PresenceView }) {
  const summary = presenceSummary(view);
  return (
    <div className="grid gap-3">
      <div className="flex items-start gap-3">
        <Avatar username={view.username} displayName={view.displayName} tone={summary.tone} size="sm" />
        <div className="min-w-0 flex-1 text-sm">
          <p className="truncate leading-tight font-medium">{view.displayName}</p>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">@{view.username}</p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 text-xs">
            <AvailabilityLabel summary={summary} />
            {summary.tone === "offline" && view.status.lastSeenAt ? <LastSeen at={view.status.lastSeenAt} /> : null}
          </p>
          {view.status.note ? (
            <p className="mt-1 break-words" data-testid="preview-note">
              {view.status.note}
            </p>
          ) : null}
          {view.access === "limited" ? (
            <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">They see only whether you are online.</p>
          ) : null}
        </div>
      </div>
      <PresenceDetails view={view} />
    </div>
  );
}

function PreviewResult({ asked, ack }: { asked: Asked; ack: Ack<Preview> }) {
  if (!ack.ok) {
    const message = ack.error.code === ErrorCode.not_found ? "There is no other account with that name." : ack.error.message;
    return (
      <p role="alert" className="text-sm font-medium text-busy">
        {message}
      </p>
    );
  }
  return (
    <section aria-label={`Your presence as ${asked.label} see it`} data-testid="presence-preview" className="grid gap-2">
      <h3 className="text-sm font-semibold">As {asked.label} see it</h3>
      <div className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
        {ack.data.exists ? (
          <PreviewView view={ack.data.view} />
        ) : (
          <p className="text-sm">They would not find you at all: to them, your account does not exist.</p>
        )}
      </div>
    </section>
  );
}

export function PresencePreview({ className }: { className?: string }) {
  const socket = useSocket();
  const { settings } = usePrivacy();
  const { me, groups } = useBuddyList();
  const [type, setType] = useState<Viewer>("user");
  const [username, setUsername] = useState("");
  const [groupId, setGroupId] = useState("");
  const [problem, setProblem] = useState<string>();
  const [asked, setAsked] = useState<Asked | null>(null);
  const [shown, setShown] = useState<{ asked: Asked; ack: Ack<Preview> } | null>(null);
  const suggestions = useUserSuggestions(username);
  const chosenGroup = groups.find((group) => group.id === groupId) ?? groups[0];
  const myVersion = me?.version;

  // Asked again whenever my rules or my presence change, so the preview never goes stale.
  useEffect(() => {
    if (!asked) return;
    let current = true;
    void sendCommand(socket, "privacy:preview", { subject: asked.subject }).then((ack) => current && setShown({ asked, ack }));
    return () => {
      current = false;
    };
  }, [socket, asked, settings, myVersion]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    switch (type) {
      case "user": {
        const name = username.trim().toLowerCase().replace(/^@/, "");
        if (name === "") return setProblem("Enter the person’s username.");
        return setAsked({ subject: { type, username: name }, label: `@${name} would` });
      }
      case "group":
        if (!chosenGroup) return setProblem("You have no groups yet.");
        return setAsked({ subject: { type, groupId: chosenGroup.id }, label: `people in “${chosenGroup.name}” would` });
      case "contacts":
        return setAsked({ subject: { type }, label: "your contacts would" });
      case "signed-in":
        return setAsked({ subject: { type }, label: "anyone signed in would" });
    }
  };

  return (
    <Card aria-labelledby="preview-title" className={cn("p-5", className)}>
      <h2 id="preview-title" className="text-base font-semibold">
        See my presence as…
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Check what someone sees of you, with your rules as saved.</p>
      <form noValidate onSubmit={submit} className="mt-3 grid gap-3" aria-label="See my presence as">
        <SubjectPicker
          choices={VIEWER_CHOICES}
          type={type}
          onTypeChange={setType}
          username={username}
          onUsernameChange={setUsername}
          usernameError={problem}
          suggestions={suggestions}
          groups={groups}
          group={chosenGroup}
          onGroupChange={setGroupId}
          noGroups={<p className="text-sm text-zinc-600 dark:text-zinc-300">You have no groups yet.</p>}
        />
        <div>
          <Button type="submit" variant="outline" disabled={type === "group" && groups.length === 0}>
            Show
          </Button>
        </div>
      </form>
      {shown ? (
        <div className={cn("mt-4", shown.asked !== asked && "opacity-60")} aria-busy={shown.asked !== asked}>
          <PreviewResult asked={shown.asked} ack={shown.ack} />
        </div>
      ) : null}
    </Card>
  );
}
