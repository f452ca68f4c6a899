// The load generator: a process forked by run.ts that drives a slice of the benchmark's
// clients with socket.io-client, as the browser does (websocket transport, the session cookie
// in the handshake). It connects its clients, sends the status changes (or instant messages)
// of the schedule whose sender it owns, and timestamps every notification it receives; the
// orchestrator does the arithmetic.
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { GroupReceived } from "@/lib/protocol/groups";
import type { InstantMessage, MessageStatusUpdate, ReceivedMessage } from "@/lib/protocol/im";
import type { PresenceView } from "@/lib/protocol/presence";
import { messageSeqOf } from "./im-workload";
import {
  absoluteNow,
  type ClientSpec,
  type ImSendRecord,
  type Mode,
  type Receipt,
  type SendRecord,
  type WorkerReply,
  type WorkerRequest,
} from "./ipc";
import { BENCH_AVAILABILITY, bareView, contactsOf, type ScheduledChange, type Shape, usernameOf } from "./workload";

/** A command's acknowledgement, as far as the generator cares. */
type Ack = { ok: boolean; error?: unknown };

const ACK_TIMEOUT_MS = 10_000;

const sockets = new Map<number, Socket>();
let shape: Shape = { clients: 0, contacts: 0 };
let mode: Mode = "real";
let dropped = 0;

/** While a fan-out runs: the notes it waits for and what arrived. */
let collecting: {
  changes: Map<string, ScheduledChange>;
  receipts: Receipt[];
  /** seq × clients + receiver, to count distinct deliveries (a duplicate must not hide a loss). */
  distinct: Set<number>;
  sample: PresenceView | null;
  onProgress: () => void;
} | null = null;

/** While a message load runs: what arrived, and the ids of the messages this process sent. */
let messaging: {
  receipts: Receipt[];
  delivered: Receipt[];
  /** Server id of a sent message → its seq, for `im:status` updates. */
  sentIds: Map<string, number>;
  /** Confirmation batches per receiving client, flushed 100 ms after their first id (as the browser). */
  confirm: boolean;
  pending: Map<number, string[]>;
  /** A group load: the group, and the newest seq each receiving client has confirmed in it. */
  group: { id: string; members: number[] } | null;
  marks: Map<number, number>;
  confirmations: number;
  confirmErrors: string[];
  /** Scheduled reactions and edits by message seq, and how they went. */
  changeOf: Map<number, "react" | "edit">;
  changesSent: number;
  changesAcked: number;
  changeErrors: string[];
  onProgress: () => void;
} | null = null;

/** A reaction or an edit of a benchmark message, counted in the run it belongs to. */
function sendChange(socket: Socket, event: "im:react" | "im:edit", payload: Record<string, unknown>) {
  const run = messaging;
  if (!run) return;
  run.changesSent += 1;
  socket.timeout(ACK_TIMEOUT_MS).emit(event, { ...payload, clientId: randomUUID() }, (error: Error | null, ack: Ack) => {
    if (error) run.changeErrors.push(error.message);
    else if (!ack.ok) run.changeErrors.push(JSON.stringify(ack.error));
    else run.changesAcked += 1;
  });
}

/** CPU time (user + system) this process used since `since`, in ms. */
const cpuMsSince = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

function reply(message: WorkerReply, then?: () => void) {
  process.send!(message, () => then?.());
}

function onNotification(receiver: number, view: PresenceView) {
  // Timestamp first: everything after this line is bookkeeping, not delivery.
  const at = absoluteNow();
  const run = collecting;
  const change = run?.changes.get(`${view.username}\n${view.status.note}`);
  if (!run || !change) return; // connect-time notifications (devices opening) are not measured
  run.receipts.push([change.seq, receiver, at]);
  run.distinct.add(change.seq * shape.clients + receiver);
  if (run.sample === null && change.sender !== receiver) run.sample = view;
  run.onProgress();
}

function onMessage(receiver: number, received: ReceivedMessage) {
  const at = absoluteNow();
  const run = messaging;
  const seq = messageSeqOf(received.message.body);
  if (!run || seq === null || received.message.direction !== "incoming") return;
  run.receipts.push([seq, receiver, at]);
  if (run.changeOf.get(seq) === "react") {
    const socket = sockets.get(receiver);
    if (socket) sendChange(socket, "im:react", { messageId: received.message.id, emoji: "👍", on: true });
  }
  if (run.confirm) {
    const batch = run.pending.get(receiver);
    if (batch) batch.push(received.message.id);
    else {
      run.pending.set(receiver, [received.message.id]);
      setTimeout(() => flushConfirmations(receiver), 100);
    }
  }
  run.onProgress();
}

/** A group message: timestamped as `onMessage`, then confirmed at once as the browser's group feed does. */
function onGroupMessage(receiver: number, received: GroupReceived) {
  const at = absoluteNow();
  const run = messaging;
  const { message } = received;
  const seq = messageSeqOf(message.body);
  if (!run || seq === null || message.groupId !== run.group?.id || message.direction !== "incoming") return;
  run.receipts.push([seq, receiver, at]);
  const socket = sockets.get(receiver);
  if (run.confirm && socket && message.seq > (run.marks.get(receiver) ?? 0)) {
    run.marks.set(receiver, message.seq);
    run.confirmations += 1;
    socket.timeout(ACK_TIMEOUT_MS).emit("groupchat:delivered", { groupId: message.groupId, upToSeq: message.seq }, (error: Error | null, ack: Ack) => {
      if (error) run.confirmErrors.push(error.message);
      else if (!ack.ok) run.confirmErrors.push(JSON.stringify(ack.error));
    });
  }
  run.onProgress();
}

function flushConfirmations(receiver: number) {
  const run = messaging;
  const ids = run?.pending.get(receiver);
  const socket = sockets.get(receiver);
  if (!run || !ids || !socket) return;
  run.pending.delete(receiver);
  run.confirmations += 1;
  socket.timeout(ACK_TIMEOUT_MS).emit("im:confirm-delivery", { ids }, (error: Error | null, ack: Ack) => {
    if (error) run.confirmErrors.push(error.message);
    else if (!ack.ok) run.confirmErrors.push(JSON.stringify(ack.error));
  });
}

function onStatus(sender: number, update: MessageStatusUpdate) {
  const at = absoluteNow();
  const run = messaging;
  if (!run || update.status !== "delivered") return;
  for (const id of update.ids) {
    const seq = run.sentIds.get(id);
    if (seq !== undefined) run.delivered.push([seq, sender, at]);
  }
  run.onProgress();
}

/** Resolves once the client is usable: real mode waits for `session:ready` and the first snapshot. */
function connectOne(url: string, spec: ClientSpec, timeoutMs: number): Promise<Socket> {
  const socket = io(spec.url ?? url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    ...(mode === "real" ? { extraHeaders: { cookie: spec.cookie ?? "" } } : { query: { i: String(spec.index) } }),
  });
  // Attached before the handshake completes, so no notification can slip past.
  socket.on("presence:changed", (view: PresenceView) => onNotification(spec.index, view));
  if (mode === "real") {
    socket.on("im:received", (received: ReceivedMessage) => onMessage(spec.index, received));
    socket.on("im:status", (update: MessageStatusUpdate) => onStatus(spec.index, update));
    socket.on("groupchat:received", (received: GroupReceived) => onGroupMessage(spec.index, received));
  }
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.close();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    const onError = (error: Error) => fail(`connect_error: ${error.message}`);
    const onEarlyDisconnect = (reason: string) => fail(`disconnected during setup: ${reason}`);
    const ready = () => {
      clearTimeout(timer);
      socket.off("connect_error", onError);
      socket.off("disconnect", onEarlyDisconnect);
      socket.once("disconnect", () => (dropped += 1));
      resolve(socket);
    };
    socket.once("connect_error", onError);
    socket.once("disconnect", onEarlyDisconnect);
    if (mode === "bare") {
      socket.once("connect", ready);
    } else {
      let session = false;
      socket.once("session:ready", () => (session = true));
      socket.once("buddylist:snapshot", () => (session ? ready() : fail("buddylist:snapshot came before session:ready")));
    }
  });
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function runPool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

async function connectAll(request: Extract<WorkerRequest, { type: "connect" }>) {
  mode = request.mode;
  shape = request.shape;
  const latenciesMs: number[] = [];
  const errors: string[] = [];
  const cpu = process.cpuUsage();
  const startedAt = absoluteNow();
  await runPool(request.clients, request.concurrency, async (spec) => {
    const began = absoluteNow();
    try {
      sockets.set(spec.index, await connectOne(request.url, spec, request.timeoutMs));
      latenciesMs.push(absoluteNow() - began);
    } catch (error) {
      errors.push(`${spec.username}: ${(error as Error).message}`);
    }
  });
  reply({ type: "connected", startedAt, finishedAt: absoluteNow(), latenciesMs, errors, cpuMs: cpuMsSince(cpu) });
}

async function fanOut(request: Extract<WorkerRequest, { type: "fanout" }>) {
  const { schedule, startAt, template } = request;
  if (mode === "bare" && !template) throw new Error("bare mode needs a notification template");
  const mine = (index: number) => sockets.has(index);
  // Every delivery this process should see: each change to its own sender's other tabs (the
  // real server tells the owner too) and to each watcher it hosts.
  const expected = schedule.reduce(
    (sum, change) => sum + (mine(change.sender) ? 1 : 0) + contactsOf(change.sender, shape).filter(mine).length,
    0,
  );
  const ownChanges = schedule.filter((change) => mine(change.sender));
  const sends: SendRecord[] = [];
  const lastAt = startAt + (schedule.at(-1)?.offsetMs ?? 0);
  const cpu = process.cpuUsage();

  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(finish, Math.max(0, lastAt + request.drainMs - absoluteNow()));
    const onProgress = () => {
      const allSent = sends.length === ownChanges.length && sends.every((send) => send.ackedAt !== null);
      if (allSent && collecting!.distinct.size >= expected) finish();
    };
    collecting = {
      changes: new Map(schedule.map((change) => [`${change.username}\n${change.note}`, change])),
      receipts: [],
      distinct: new Set(),
      sample: null,
      onProgress,
    };
    if (expected === 0 && ownChanges.length === 0) finish();

    for (const change of ownChanges) {
      const socket = sockets.get(change.sender)!;
      // Built ahead of time so the measured interval holds only the send itself.
      const [event, payload] =
        mode === "real"
          ? ["presence:set-status", { availability: BENCH_AVAILABILITY, note: change.note }]
          : ["status", bareView(template!, change.username, change.note)];
      setTimeout(() => {
        const record: SendRecord = { seq: change.seq, sentAt: absoluteNow(), ackedAt: null, error: null };
        sends.push(record);
        socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error: Error | null, ack: Ack) => {
          record.ackedAt = absoluteNow();
          if (error) record.error = error.message;
          else if (!ack.ok) record.error = JSON.stringify(ack.error);
          onProgress();
        });
      }, Math.max(0, startAt + change.offsetMs - absoluteNow()));
    }
  });

  const run = collecting!;
  collecting = null;
  reply({ type: "fanout-done", sends, receipts: run.receipts, sample: run.sample, dropped, cpuMs: cpuMsSince(cpu) });
}

/** Sends the scheduled messages whose senders this process holds; records what arrives. */
async function sendMessages(request: Extract<WorkerRequest, { type: "im-load" }>) {
  const { messages, startAt, group } = request;
  const mine = (index: number) => sockets.has(index);
  const own = messages.filter((message) => mine(message.sender));
  const ownMembers = group?.members.filter(mine) ?? [];
  const expectedReceipts = group
    ? messages.reduce((total, message) => total + ownMembers.length - (mine(message.sender) ? 1 : 0), 0)
    : messages.filter((message) => mine(message.recipient)).length;
  const sends: ImSendRecord[] = [];
  const lastAt = startAt + (messages.at(-1)?.offsetMs ?? 0);
  const cpu = process.cpuUsage();

  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(finish, Math.max(0, lastAt + request.drainMs - absoluteNow()));
    let acked = 0;
    const onProgress = () => {
      const run = messaging;
      if (!run) return; // an ack after the deadline: the step is over
      const allAcked = sends.length === own.length && acked === own.length;
      // Group senders get receipt counts, not `im:status`: nothing more to wait for.
      const allDelivered = !request.confirm || group !== undefined || run.delivered.length >= own.length;
      if (allAcked && run.receipts.length >= expectedReceipts && allDelivered) finish();
    };
    messaging = {
      receipts: [],
      delivered: [],
      sentIds: new Map(),
      confirm: request.confirm,
      pending: new Map(),
      group: group ?? null,
      marks: new Map(),
      confirmations: 0,
      confirmErrors: [],
      changeOf: new Map(messages.flatMap((message) => (message.change ? [[message.seq, message.change] as const] : []))),
      changesSent: 0,
      changesAcked: 0,
      changeErrors: [],
      onProgress,
    };
    if (own.length === 0 && expectedReceipts === 0) finish();

    for (const message of own) {
      const socket = sockets.get(message.sender)!;
      // Built ahead of time so the measured interval holds only the send itself.
      const [event, payload] = group
        ? (["groupchat:send", { groupId: group.id, clientId: randomUUID(), body: message.body }] as const)
        : (["im:send", { to: `im:${usernameOf(message.recipient, shape.clients)}`, clientId: randomUUID(), body: message.body }] as const);
      setTimeout(() => {
        const record: ImSendRecord = { seq: message.seq, sentAt: absoluteNow(), ackedAt: null, error: null, id: null };
        sends.push(record);
        socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error: Error | null, ack: Ack & { data?: Pick<InstantMessage, "id"> }) => {
          record.ackedAt = absoluteNow();
          if (error) record.error = error.message;
          else if (!ack.ok) record.error = JSON.stringify(ack.error);
          else if (ack.data) {
            record.id = ack.data.id;
            messaging?.sentIds.set(ack.data.id, message.seq);
            if (message.change === "edit") sendChange(socket, "im:edit", { messageId: ack.data.id, body: `${message.body} (edited)` });
          }
          acked += 1;
          onProgress();
        });
      }, Math.max(0, startAt + message.offsetMs - absoluteNow()));
    }
  });

  // Confirmations still batched go out now, so the server's work for them is not left behind.
  const run = messaging!;
  for (const receiver of [...run.pending.keys()]) flushConfirmations(receiver);
  messaging = null;
  reply({
    type: "im-done",
    sends,
    receipts: run.receipts,
    delivered: run.delivered,
    confirmations: run.confirmations,
    confirmErrors: run.confirmErrors,
    changesSent: run.changesSent,
    changesAcked: run.changesAcked,
    changeErrors: run.changeErrors,
    dropped,
    cpuMs: cpuMsSince(cpu),
  });
}

async function handle(request: WorkerRequest) {
  switch (request.type) {
    case "ping":
      return reply({ type: "pong", id: request.id, now: absoluteNow() });
    case "connect":
      return connectAll(request);
    case "fanout":
      return fanOut(request);
    case "im-load":
      return sendMessages(request);
    case "close":
      for (const socket of sockets.values()) {
        socket.removeAllListeners();
        socket.close();
      }
      return reply({ type: "closed" }, () => process.exit(0));
  }
}

process.on("message", (request: WorkerRequest) => {
  handle(request).catch((error: unknown) => reply({ type: "failed", message: String((error as Error)?.stack ?? error) }));
});
// The orchestrator owns this process: if it goes away, so do we (no orphaned sockets).
process.on("disconnect", () => process.exit(1));
