// What the orchestrator (run.ts) and the load generator processes (load-clients.ts) say to
// each other over the fork() IPC channel, and the clock they share.
import type { PresenceView } from "@/lib/protocol/presence";
import type { ScheduledMessage } from "./im-workload";
import type { ScheduledChange, Shape } from "./workload";

/**
 * A high-resolution absolute time in ms. performance.now() alone is per process (it counts
 * from each process's start); adding timeOrigin puts every process on the system clock, so a
 * send time taken in one generator process and a receive time taken in another can be
 * subtracted. run.ts checks how well the processes agree before each phase.
 */
export const absoluteNow = () => performance.timeOrigin + performance.now();

/** `real`: buddylist's server.ts; `bare`: bench/bare-server.ts. */
export type Mode = "real" | "bare";

export type ClientSpec = {
  index: number;
  username: string;
  /** The Auth.js session cookie's value (real mode). */
  cookie?: string;
  /** The server this client connects to, when not the request's `url` (several instances). */
  url?: string;
};

export type WorkerRequest =
  | { type: "ping"; id: number }
  | { type: "connect"; mode: Mode; url: string; shape: Shape; clients: ClientSpec[]; concurrency: number; timeoutMs: number }
  | {
      type: "fanout";
      /** absoluteNow() at which offset 0 of the schedule falls. */
      startAt: number;
      schedule: ScheduledChange[];
      /** Bare mode: the real server's notification to imitate. */
      template: PresenceView | null;
      /** How long after the last scheduled change to wait for stragglers. */
      drainMs: number;
    }
  | {
      type: "im-load";
      /** absoluteNow() at which offset 0 of the schedule falls. */
      startAt: number;
      /** The whole schedule; each process sends the messages of the senders it holds. */
      messages: ScheduledMessage[];
      /**
       * Confirm received messages as the browser does: `im:confirm-delivery`, batched for 100 ms;
       * in a group, `groupchat:delivered` up to each new message's seq.
       */
      confirm: boolean;
      drainMs: number;
      /** Messages to one group (`groupchat:send`; every member but the sender receives each): its id and members. */
      group?: { id: string; members: number[] };
    }
  | { type: "close" };

export type SendRecord = { seq: number; sentAt: number; ackedAt: number | null; error: string | null };

/** [seq, receiver index, absoluteNow() at receipt]: tuples keep the reply small. */
export type Receipt = [seq: number, receiver: number, at: number];

/** One sent message: when it left, when its ack came, and the id the server gave it. */
export type ImSendRecord = SendRecord & { id: string | null };

export type WorkerReply =
  | { type: "pong"; id: number; now: number }
  | {
      type: "connected";
      startedAt: number;
      finishedAt: number;
      latenciesMs: number[];
      errors: string[];
      /** This process's own CPU time during the connect (user + system), to show it was not the bottleneck. */
      cpuMs: number;
    }
  | {
      type: "fanout-done";
      sends: SendRecord[];
      receipts: Receipt[];
      /** The first notification a watcher received, to replay on the bare server. */
      sample: PresenceView | null;
      /** Sockets that closed after connecting (each one would show as missing notifications). */
      dropped: number;
      cpuMs: number;
    }
  | {
      type: "im-done";
      sends: ImSendRecord[];
      /** [seq, recipient, at]: each benchmark message an `im:received` (`groupchat:received`) brought. */
      receipts: Receipt[];
      /** [seq, sender, at]: each `im:status` "delivered" naming a message this process sent. */
      delivered: Receipt[];
      confirmations: number;
      confirmErrors: string[];
      /** Reactions and edits sent (with message changes on), acknowledged, and refused or unanswered. */
      changesSent: number;
      changesAcked: number;
      changeErrors: string[];
      dropped: number;
      cpuMs: number;
    }
  | { type: "closed" }
  | { type: "failed"; message: string };
