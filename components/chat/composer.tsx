"use client";
// The SENDER USER AGENT's composer: Enter sends, Shift+Enter starts a new line. A live count
// of the characters the server will count (1–4 000 once trimmed); beyond that the count turns
// red, says by how much, and the send button is disabled. Typing notices go out as the draft
// changes and stop on send, on leaving the field, and after a pause. It takes focus when the
// conversation opens; above it, what the other side's rules will do to my message (said before
// I write) and, while the connection is down, that what I send goes out once it is back.
// Replying or editing shows a bar naming what (Escape or its button cancels); editing puts the
// message's text in the field. Up arrow in an empty field edits my last message.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Label } from "@/components/ui/field";
import { Icon, SendIcon } from "@/components/ui/icons";
import { Textarea } from "@/components/ui/textarea";
import { sendCommand } from "@/lib/client/connection/commands";
import { MAX_ATTACHMENTS_PER_MESSAGE, type PendingAttachment, startUpload, type UploadHandle } from "@/lib/client/im/attachment-upload";
import { checkDraft } from "@/lib/client/im/message-draft";
import { createTypingNotifier } from "@/lib/client/im/typing-notifier";
import { useSocket } from "@/lib/client/react/use-socket";
import type { TimelineMessage } from "@/lib/client/im/inbox-view";
import { cn } from "@/lib/utils";
import { ComposerAttachments } from "./composer-attachments";

/** What the composer is doing besides writing a new message. */
/** The message it is about: any timeline's (one-to-one or group). */
export type ComposedAbout = Pick<TimelineMessage, "key" | "id" | "body" | "direction">;
export type ComposerMode = { kind: "reply" | "edit"; message: ComposedAbout } | null;

/** "4 000", as the server's messages write it; the same on the server and in every browser. */
const count = (value: number) => String(value).replace(/\B(?=(\d{3})+$)/g, "\u202f");

type Props = {
  peer: string;
  peerName: string;
  /** The id of the text field, for the skip link. */
  fieldId: string;
  /** The other side refuses my messages openly: say so up front. */
  refuses: "contacts-only" | "nobody" | null;
  offline: boolean;
  /**
   * Sends (a reply when `replyTo` names a message; with completed uploads' ids); settles once the
   * server answered (typing notices wait for it, see typing-notifier).
   */
  onSend: (body: string, options: { replyTo?: string; attachments: string[] }) => Promise<unknown>;
  mode?: ComposerMode;
  onModeChange?: (mode: ComposerMode) => void;
  /** Saves an edit of my message. */
  onEdit?: (id: string, body: string) => void;
  /** My newest message that may still be edited (for Up arrow). */
  lastEditable?: ComposedAbout | null;
  /** Sends typing notices (a group's); by default `im:typing` to the peer. */
  onTyping?: (typing: boolean) => void;
  /** Who a reply quotes, by default the peer's name. */
  authorOf?: (message: ComposedAbout) => string;
};

/** The composer's files: each uploads as soon as it is picked, pasted or dropped. */
function usePendingAttachments() {
  const [pending, setPending] = useState<PendingAttachment[]>([]);
  const handles = useRef(new Map<string, UploadHandle>());
  const update = useCallback(
    (key: string, change: Partial<PendingAttachment>) =>
      setPending((items) => items.map((item) => (item.key === key ? { ...item, ...change } : item))),
    [],
  );
  // The list as it stands, for how much room is left: read outside a state updater (which may run twice).
  const current = useRef<PendingAttachment[]>([]);
  useEffect(() => {
    current.current = pending;
  }, [pending]);
  const add = useCallback(
    (files: File[]) => {
      const room = MAX_ATTACHMENTS_PER_MESSAGE - current.current.length;
      const added: PendingAttachment[] = files.slice(0, Math.max(0, room)).map((file) => ({
        key: crypto.randomUUID(),
        file,
        progress: 0,
        state: "uploading",
        id: null,
        error: null,
      }));
      current.current = [...current.current, ...added];
      setPending((items) => [...items, ...added]);
      for (const item of added) {
        handles.current.set(
          item.key,
          startUpload(item.file, {
            progress: (progress) => update(item.key, { progress }),
            created: (id) => update(item.key, { id }),
            done: (id) => update(item.key, { id, state: "done", progress: 1 }),
            failed: (error) => update(item.key, { state: "failed", error }),
          }),
        );
      }
    },
    [update],
  );
  const cancel = useCallback((key: string) => {
    handles.current.get(key)?.abort();
    handles.current.delete(key);
    setPending((items) => items.filter((item) => item.key !== key));
  }, []);
  const retry = useCallback(
    (key: string) => {
      update(key, { state: "uploading", error: null });
      handles.current.get(key)?.resume();
    },
    [update],
  );
  const clear = useCallback(() => {
    handles.current.clear();
    setPending([]);
  }, []);
  useEffect(() => () => handles.current.forEach((handle) => handle.abort()), []);
  return { pending, add, cancel, retry, clear };
}

const PaperclipIcon = () => (
  <Icon>
    <path d="m21 11-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l8.6-8.6a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.6a1.8 1.8 0 0 1-2.6-2.6l7.9-7.9" />
  </Icon>
);

function Notice({ children, tone, testId }: { children: React.ReactNode; tone: "warning" | "info"; testId: string }) {
  return (
    <p
      data-testid={testId}
      className={cn(
        "rounded-lg px-3 py-1.5 text-xs",
        tone === "warning" ? "bg-amber-50 text-amber-900 dark:bg-amber-400/10 dark:text-amber-200" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
      )}
    >
      {children}
    </p>
  );
}

export function Composer({ peer, peerName, fieldId, refuses, offline, onSend, mode = null, onModeChange, onEdit, lastEditable, onTyping, authorOf }: Props) {
  const socket = useSocket();
  const id = useId();
  const [draft, setDraft] = useState("");
  // One per conversation: the composer is keyed by peer.
  const [typing] = useState(() =>
    createTypingNotifier((isTyping) => (onTyping ? onTyping(isTyping) : void sendCommand(socket, "im:typing", { to: peer, typing: isTyping }))),
  );
  useEffect(() => () => typing.dispose(), [typing]);
  // The composer is keyed by peer: mounting it is opening a conversation.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector("textarea")?.focus({ preventScroll: true }), []);

  // Editing starts from the message's text; leaving edit mode leaves an empty field.
  const editing = mode?.kind === "edit" ? mode.message : null;
  const [editingKey, setEditingKey] = useState<string | null>(null);
  if ((editing?.key ?? null) !== editingKey) {
    setEditingKey(editing?.key ?? null);
    setDraft(editing ? editing.body : "");
  }
  useEffect(() => {
    if (mode) form.current?.querySelector("textarea")?.focus({ preventScroll: true });
  }, [mode]);

  const attachments = usePendingAttachments();
  const files = useRef<HTMLInputElement>(null);
  const check = checkDraft(draft);
  const uploaded = attachments.pending.filter((item) => item.state === "done");
  const allUploaded = uploaded.length === attachments.pending.length;
  // With files, the caption may be empty.
  const canSend = allUploaded && (check.canSend || (uploaded.length > 0 && check.length === 0));
  const send = () => {
    if (editing?.id) {
      if (!check.canSend) return;
      onEdit?.(editing.id, draft);
      onModeChange?.(null);
      return;
    }
    if (!canSend) return;
    const replyTo = mode?.kind === "reply" ? (mode.message.id ?? undefined) : undefined;
    typing.sent(onSend(draft, { replyTo, attachments: uploaded.map((item) => item.id!) }));
    setDraft("");
    attachments.clear();
    if (mode) onModeChange?.(null);
  };

  return (
    <form
      ref={form}
      aria-label={`Write to ${peerName}`}
      className="grid gap-1 border-t border-zinc-200 p-3 dark:border-zinc-800"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes("Files")) event.preventDefault();
      }}
      onDrop={(event) => {
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        attachments.add([...event.dataTransfer.files]);
      }}
    >
      {/* Read with the field (aria-describedby), so it is heard on arriving there. */}
      <div id={`${id}-notices`} className="grid gap-1 empty:hidden">
        {refuses === "contacts-only" ? (
          <Notice tone="warning" testId="delivery-notice">
            {peerName} takes messages from their contacts only: yours will not be delivered.
          </Notice>
        ) : refuses === "nobody" ? (
          <Notice tone="warning" testId="delivery-notice">
            {peerName} is not taking messages from anyone: yours will not be delivered.
          </Notice>
        ) : null}
        {offline ? (
          <Notice tone="info" testId="offline-notice">
            You are offline. What you send now goes out when you are back online.
          </Notice>
        ) : null}
      </div>
      {mode ? (
        <div data-testid="composer-mode" className="flex items-center gap-2 rounded-lg bg-zinc-100 px-3 py-1.5 text-xs dark:bg-zinc-800">
          <p className="min-w-0 flex-1 truncate">
            <span className="font-semibold">
              {mode.kind === "edit" ? "Editing your message" : `Replying to ${mode.message.direction === "outgoing" ? "yourself" : (authorOf?.(mode.message) ?? peerName)}`}
            </span>
            {mode.kind === "reply" ? `: ${mode.message.body}` : null}
          </p>
          <Button size="sm" variant="ghost" className="h-6" onClick={() => onModeChange?.(null)}>
            Cancel
          </Button>
        </div>
      ) : null}
      <ComposerAttachments pending={attachments.pending} onCancel={attachments.cancel} onRetry={attachments.retry} />
      <Field id={fieldId} className="contents">
        <Label className="sr-only">Message to {peerName}</Label>
        <div className="flex items-end gap-2">
          <input
            ref={files}
            type="file"
            multiple
            hidden
            data-testid="attach-input"
            onChange={(event) => {
              attachments.add([...(event.target.files ?? [])]);
              event.target.value = "";
            }}
          />
          <Button
            type="button"
            variant="outline"
            className="h-10"
            aria-label="Attach files"
            title="Attach pictures or files (or paste, or drop them here)"
            disabled={attachments.pending.length >= MAX_ATTACHMENTS_PER_MESSAGE}
            onClick={() => files.current?.click()}
          >
            <PaperclipIcon />
          </Button>
          <Textarea
            value={draft}
            rows={1}
            placeholder={`Message ${peerName}`}
            aria-describedby={`${id}-notices ${id}-count ${id}-keys`}
            aria-invalid={check.over > 0 ? true : undefined}
            onChange={(event) => {
              setDraft(event.target.value);
              // Rewriting a message sent is not typing a new one.
              if (!editing) typing.changed(event.target.value);
            }}
            onBlur={() => typing.stop()}
            onPaste={(event) => {
              const pasted = [...event.clipboardData.files];
              if (pasted.length === 0) return;
              event.preventDefault();
              attachments.add(pasted);
            }}
            onKeyDown={(event) => {
              if (event.key === "Escape" && mode) {
                event.preventDefault();
                onModeChange?.(null);
                return;
              }
              // As in Slack and Element: Up in an empty field edits my last message.
              if (event.key === "ArrowUp" && draft === "" && !mode && lastEditable) {
                event.preventDefault();
                onModeChange?.({ kind: "edit", message: lastEditable });
                return;
              }
              // Enter while an input method is composing picks a candidate; it does not send.
              if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
              event.preventDefault();
              send();
            }}
            className="field-sizing-content max-h-40 min-h-10 flex-1 resize-none rounded-xl"
          />
          <Button type="submit" disabled={!canSend} className="h-10">
            <SendIcon />
            {editing ? "Save" : "Send"}
          </Button>
        </div>
      </Field>
      <div className="flex items-baseline justify-between gap-3 px-1 text-xs">
        <p id={`${id}-keys`} className="text-zinc-500 max-sm:sr-only dark:text-zinc-400">
          Enter to send, Shift+Enter for a new line
        </p>
        <p
          id={`${id}-count`}
          data-testid="character-count"
          className={cn("ml-auto tabular-nums", check.over > 0 ? "font-semibold text-busy" : "text-zinc-500 dark:text-zinc-400")}
        >
          {count(check.length)}/{count(check.max)}
          {check.over > 0 ? ` — ${count(check.over)} too many` : ""}
        </p>
      </div>
      {/* Said once when the draft cannot be sent, not at every keystroke. */}
      <p role="status" className="sr-only">
        {check.problem ?? ""}
      </p>
    </form>
  );
}
