"use client";
// "Who can see me": my ACCESS RULES as an ordered list of plain sentences, edited as drafts
// (add, change, reorder, remove) and saved as one list. Until I change anything the list
// shows the saved rules, so a change from another tab or from the watcher list appears at once.
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { PlusIcon } from "@/components/ui/icons";
import { useBuddyList } from "@/lib/client/react/use-buddy-list";
import { usePrivacy } from "@/lib/client/react/use-privacy";
import { usePrivacyCommand } from "@/lib/client/react/use-privacy-command";
import {
  draftsFromRules,
  FALLBACK_DESCRIPTION,
  insertionIndex,
  newRuleKey,
  type RuleDraft,
  ruleIssues,
  rulesPayload,
  tupleNamer,
  unreachableReasons,
} from "@/lib/client/privacy/access-rules";
import { moveItem } from "@/lib/client/buddy-list/reorder";
import { userTuplesOf } from "@/lib/client/presence/user-tuples";
import { MAX_ACCESS_RULES, type PrivacySettings } from "@/lib/protocol";
import { RuleForm, type RuleFormValue } from "./rule-form";
import { RuleRow } from "./rule-row";

const sameRules = (a: PrivacySettings["rules"], b: PrivacySettings["rules"]) => JSON.stringify(a) === JSON.stringify(b);

function RulesEditor({ settings }: { settings: PrivacySettings }) {
  const { me, groups } = useBuddyList();
  const save = usePrivacyCommand("privacy:set-rules");
  // Null while nothing is changed: the saved rules show. The rules they started from are kept
  // to notice a change made elsewhere meanwhile.
  const [edit, setEdit] = useState<{ drafts: RuleDraft[]; from: PrivacySettings["rules"] } | null>(null);
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [saved, setSaved] = useState(false);

  const savedDrafts = useMemo(() => draftsFromRules(settings.rules), [settings.rules]);
  const drafts = edit?.drafts ?? savedDrafts;
  const savedKeys = useMemo(() => new Set(settings.rules.map((rule) => rule.id)), [settings.rules]);
  const tupleName = useMemo(() => tupleNamer(me), [me]);
  const addresses = me ? userTuplesOf(me) : [];
  const unreachable = unreachableReasons(drafts);
  const issues = ruleIssues(save.error, drafts, savedKeys);
  const changedElsewhere = edit !== null && !sameRules(edit.from, settings.rules);

  const change = (next: RuleDraft[]) => {
    setEdit({ drafts: next, from: edit?.from ?? settings.rules });
    setSaved(false);
    save.reset();
  };

  const submitRule = (rule: RuleFormValue) => {
    if (editing === "new") {
      const at = insertionIndex(drafts, rule.subject);
      change(drafts.toSpliced(at, 0, { ...rule, key: newRuleKey() }));
    } else if (editing !== null) {
      const current = drafts[editing];
      if (current) change(drafts.with(editing, { ...rule, key: current.key }));
    }
    setEditing(null);
  };

  const discard = () => {
    setEdit(null);
    setEditing(null);
    save.reset();
  };

  const submit = async () => {
    const ack = await save.run({ rules: rulesPayload(drafts) });
    if (!ack.ok) return;
    setEdit(null);
    setSaved(true);
  };

  const form = (initial?: RuleFormValue) => (
    <RuleForm
      initial={initial}
      groups={groups}
      addresses={addresses}
      tupleName={tupleName}
      onSubmit={submitRule}
      onCancel={() => setEditing(null)}
    />
  );

  return (
    <div className="mt-3 grid gap-4">
      {settings.defaults && edit === null ? (
        <p className="rounded-md bg-zinc-100 px-3 py-2 text-sm text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="default-rules-note">
          These are the built-in rules: your contacts see everything, and anyone else must ask. Change them as you like.
        </p>
      ) : null}
      {changedElsewhere ? (
        <p role="status" className="rounded-md bg-away/15 px-3 py-2 text-sm text-zinc-800 dark:text-zinc-200">
          Your saved rules were changed meanwhile (in another tab or from the watcher list). Discard your changes to see
          them, or save to replace them.
        </p>
      ) : null}
      <ol aria-label="My access rules, in order" className="grid gap-2">
        {drafts.map((rule, index) => (
          <li key={rule.key} className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            {editing === index ? (
              form(rule)
            ) : (
              <RuleRow
                rule={rule}
                index={index}
                count={drafts.length}
                tupleName={tupleName}
                unreachable={unreachable[index]}
                errors={issues.byRule.get(index) ?? []}
                disabled={editing !== null || save.pending}
                onEdit={() => setEditing(index)}
                onMove={(delta) => change(moveItem(drafts, index, delta))}
                onRemove={() => change(drafts.filter((_, position) => position !== index))}
              />
            )}
          </li>
        ))}
        <li className="rounded-lg border border-dashed border-zinc-300 px-3 py-2 text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {FALLBACK_DESCRIPTION} <span className="text-xs">(when no rule above fits)</span>
        </li>
      </ol>
      {editing === "new" ? form() : null}
      <FormError error={save.error} placed={issues.placed} />
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="outline"
          disabled={editing !== null || drafts.length >= MAX_ACCESS_RULES}
          onClick={() => setEditing("new")}
        >
          <PlusIcon />
          Add a rule
        </Button>
        <span className="flex-1" />
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {edit !== null ? "You have unsaved changes." : saved ? "Saved: it applies now." : ""}
        </p>
        {edit !== null ? (
          <Button variant="ghost" disabled={save.pending} onClick={discard}>
            Discard changes
          </Button>
        ) : null}
        <Button disabled={edit === null || editing !== null || save.pending} onClick={() => void submit()}>
          Save rules
        </Button>
      </div>
    </div>
  );
}

export function AccessRules({ className }: { className?: string }) {
  const { settings } = usePrivacy();
  return (
    <Card aria-labelledby="access-rules-title" className={className}>
      <h2 id="access-rules-title" className="text-lg font-semibold">
        Who can see me
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        When someone looks at your status, the first rule that fits them decides what they see.
      </p>
      {settings ? <RulesEditor settings={settings} /> : <p className="mt-3 text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>}
    </Card>
  );
}
