// Runs a sequence of model steps against a REAL server over real sockets, and after every step
// (once the system is quiet) checks the contract of issue 13 for every watcher W and presentity P:
//  - the view W's client holds (snapshots and notifications applied by the protocol's version
//    rule, with lib/client/buddy-list/buddy-list-store.ts' reducers) equals a fresh presence:fetch by W,
//    content and version, and that content equals the model's;
//  - P blocks W and is not in W's list: the fetch answers exactly as for a missing name;
//  - versions: one version names one content, nothing is skipped, a bump is a content change,
//    a first view is version 1, and a held version never decreases;
//  - everything W received during the step (presence:changed, snapshots, im:status, im:typing)
//    is something W's view allowed at that time;
//  - every command's answer is the model's (missing-name answers compared byte for byte with the
//    same command for a name that does not exist), privacy settings, buddy-list shape,
//    conversation states and the status of every sent message are the model's;
//  - group conversations (group-driver.ts): each account's group list, each group's history
//    (shown, hidden, left out), unread, receipts of its own messages and who they name, and the
//    group events it was sent (issue 18).
import { randomBytes, randomUUID } from "node:crypto";
import { io } from "socket.io-client";
import { applyPresence, applySnapshot, type BuddyListState, initialBuddyListState } from "@/lib/client/buddy-list/buddy-list-store";
import type { BuddyListSnapshot, PresenceView } from "@/lib/protocol";
import type { ConversationSummary, InstantMessage, MessagePage, MessageStatusUpdate } from "@/lib/protocol/im";
import type { PrivacySettings } from "@/lib/protocol/privacy";
import { PRESENCE_COALESCE_MS } from "@/lib/presence/timing";
import type { TestSocket } from "../integration/harness";
import { GroupDriver, type GroupReceived } from "./group-driver";
import type { GroupStep } from "./group-model";
import {
  type Expect,
  type ModelRule,
  type ModelView,
  PresenceModel,
  type Step,
  type TupleKey,
  USER_TUPLES,
} from "./presence-model";
import { type XmppAccess, XmppWatcher } from "./xmpp-watcher";

/** How the driver reaches servers and makes accounts: a spawned server, a cluster, or in-process. */
export type Transport = {
  name: string;
  /** Base URLs of the instances (account i lives on instance i % length). */
  urls: string[];
  /** Creates an account; returns what a socket handshake needs. */
  createAccount(prefix: string, instance: number): Promise<{ username: string; cookie?: string; token?: string }>;
  graceMs: number;
  /** Quiet time after a step before checking. */
  settleMs: number;
  /** The servers' PRESENCE_COALESCE_MS, when not the default. */
  coalesceMs?: number;
  /**
   * Lets `ms` of the server's time pass (its grace, coalescing and expiry timers); by default a
   * real wait. The in-process variant moves a fake clock instead, after a real pause of `settleMs`.
   */
  wait?: (ms: number) => Promise<void>;
  /** REST `GET /api/presence/{username}` as an account (when the transport serves HTTP routes). */
  poll?: (account: { cookie?: string; token?: string; instance: number }, username: string) => Promise<{ status: number; body: string }>;
  /** The server's XMPP endpoint and the accounts' password: the last account then also watches over XMPP (xmpp-watcher.ts). */
  xmpp?: XmppAccess;
};

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; issues?: unknown } };

type Client = {
  a: number;
  key: string;
  socket: TestSocket;
  deviceId: string;
  state: BuddyListState;
  closed: boolean;
};

type Account = { username: string; cookie?: string; token?: string; instance: number };

/** One event a socket received during the current step. */
type Received =
  | { type: "changed"; view: PresenceView }
  | { type: "snapshot"; snapshot: BuddyListSnapshot }
  | { type: "status"; update: MessageStatusUpdate }
  | { type: "typing"; from: string; typing: boolean }
  | GroupReceived;

export class ContractViolation extends Error {}

/** The kinds of checks, so a run can leave some out (MODEL_SKIP=version,receipt). */
export const CHECK_KINDS = ["version", "view", "held", "notify", "missing", "answer", "list", "privacy", "receipt", "inbox", "xmpp"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
const SKIPPED = new Set((process.env.MODEL_SKIP ?? "").split(",").filter(Boolean));
/** Violations of skipped kinds, counted (printed with the run's summary). */
export const skippedCounts = new Map<string, number>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pair = (a: number, b: number) => `${a}>${b}`;
const SHORT_EXPIRY_MS = 700;
const FAR_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** Slack around a step's wall-clock window for a bound time. */
const CLOCK_SLACK_MS = 50;

function ask<T = unknown>(socket: TestSocket, event: string, payload: unknown = {}): Promise<Ack<T>> {
  return (socket.timeout(10_000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Ack<T>> }).emitWithAck(
    event,
    payload,
  );
}

/** A name of the same length that no account has: what a blocked name must look like. */
function missingNameLike(name: string): string {
  let made = "";
  while (made.length < name.length) made += randomBytes(8).toString("hex").replace(/[0-9]/g, "");
  return `zz${made}`.slice(0, name.length);
}

/** Version tracking of one (W, P): one version names one content; bumps are content changes. */
type Track = { versions: Map<number, string>; lastFetch: number | null; gap: boolean; seen: Set<number> };

export type SequenceResult = { steps: Step[]; executed: number; ms: number; groupSteps: number };

export class Driver {
  readonly model: PresenceModel;
  private readonly accounts: Account[] = [];
  private readonly clients: Client[] = [];
  private readonly received = new Map<Client, Received[]>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Server id → model ref, for device and user tuples, groups and messages. */
  private readonly deviceRefs = new Map<string, string>();
  private readonly tupleIds = new Map<string, string>(); // `${a}:${key}` → id
  private readonly tupleRefs = new Map<string, string>(); // id → key
  private readonly groupIds = new Map<string, string>(); // `${a}:${index}` → id
  private readonly messageIds = new Map<string, string>(); // model key → sender's id
  private readonly bindings = new Map<string, string>(); // symbol → ISO time
  private readonly stepTimes: { start: number; end: number }[] = [];
  private readonly tracks = new Map<string, Track>();
  private failures: string[] = [];
  private deviceCount = 0;
  readonly log: string[] = [];
  /** Group conversations: their steps and checks (group-driver.ts). */
  private readonly chats: GroupDriver;
  /** The last account's XMPP session, when the transport serves XMPP. */
  private xmpp: XmppWatcher | null = null;
  /** Before the running step: whom a request to the XMPP watcher waited from, and how many messages there were. */
  private xmppBefore = { pending: new Set<number>(), messages: 0 };

  private constructor(
    private readonly transport: Transport,
    names: string[],
  ) {
    this.model = new PresenceModel(names);
    this.chats = new GroupDriver({
      model: this.model,
      ask: (socket, event, payload) => ask(socket, event, payload),
      username: (a) => this.username(a),
      indexOf: (username) => this.indexOf(username),
      fail: (kind, message) => this.fail(kind, message),
      track: (promise) => this.track(promise),
    });
  }

  /** Signs up `count` accounts and opens one socket for each (step 0). */
  static async start(transport: Transport, count: number): Promise<Driver> {
    const made = await Promise.all(
      Array.from({ length: count }, (_, index) => transport.createAccount(`m${index}`, index % transport.urls.length)),
    );
    const driver = new Driver(
      transport,
      made.map((account) => account.username),
    );
    made.forEach((account, index) => driver.accounts.push({ ...account, instance: index % transport.urls.length }));
    for (let w = 0; w < count; w += 1) {
      for (let p = 0; p < count; p += 1) driver.tracks.set(pair(w, p), { versions: new Map(), lastFetch: null, gap: false, seen: new Set() });
    }
    driver.model.step = 0;
    driver.stepTimes[0] = { start: Date.now(), end: 0 };
    const xmppAccount = transport.xmpp && count >= 2 ? count - 1 : null;
    for (let a = 0; a < count; a += 1) {
      // The XMPP watcher's resource connects before the account's first tab (pinned: no step names it).
      if (a === xmppAccount) {
        const key = driver.newDeviceKey();
        driver.xmpp = await XmppWatcher.connect(a, key, driver.username(a), transport.xmpp!);
        driver.model.pin(a, key);
        // Its own first tab then sees its own presence at version 2: version 1 was the XMPP resource alone.
        driver.tracks.get(pair(a, a))!.gap = true;
      }
      const key = driver.newDeviceKey();
      await driver.open(a, key);
      driver.model.apply({ t: "connect", a }, { deviceKey: key });
    }
    if (driver.xmpp) await driver.learnXmppDevice(driver.xmpp);
    await driver.quiesce();
    driver.model.afterStep();
    await driver.check(null);
    return driver;
  }

  /** The XMPP resource's device id, from its account's own view (the tuple labelled with its key). */
  private async learnXmppDevice(watcher: XmppWatcher) {
    const own = await ask<PresenceView>(this.primary(watcher.a).socket, "presence:fetch", { username: this.username(watcher.a) });
    const tuple = own.ok ? own.data.tuples.find((candidate) => candidate.kind === "device" && candidate.label === watcher.key) : undefined;
    if (!tuple) throw new Error(`the XMPP resource ${watcher.key} is not among ${this.username(watcher.a)}'s tuples: ${JSON.stringify(own)}`);
    this.deviceRefs.set(tuple.id, watcher.key);
  }

  private newDeviceKey() {
    this.deviceCount += 1;
    return `d${this.deviceCount}`;
  }

  private username(a: number) {
    return this.accounts[a]!.username;
  }
  private indexOf(username: string): number {
    return this.accounts.findIndex((account) => account.username === username);
  }

  /** Records a violation of one kind of check (MODEL_SKIP=kind,… leaves kinds out). */
  private fail(kind: CheckKind, message: string) {
    if (SKIPPED.has(kind)) {
      skippedCounts.set(kind, (skippedCounts.get(kind) ?? 0) + 1);
      return;
    }
    this.failures.push(`[${kind}] ${message}`);
  }

  // --- Sockets --------------------------------------------------------------------------------

  private async open(a: number, key: string): Promise<Client> {
    const account = this.accounts[a]!;
    const socket: TestSocket = io(this.transport.urls[account.instance]!, {
      transports: ["websocket"],
      extraHeaders: account.cookie ? { cookie: account.cookie } : {},
      auth: { client: key, ...(account.token ? { token: account.token } : {}) },
      reconnection: false,
      forceNew: true,
    });
    const client: Client = { a, key, socket, deviceId: "", state: initialBuddyListState, closed: false };
    this.received.set(client, []);
    const record = (event: Received) => this.received.get(client)!.push(event);
    socket.on("buddylist:snapshot", (snapshot) => {
      client.state = applySnapshot(client.state, snapshot);
      record({ type: "snapshot", snapshot });
    });
    socket.on("presence:changed", (view) => {
      client.state = applyPresence(client.state, view);
      record({ type: "changed", view });
    });
    socket.on("im:status", (update) => record({ type: "status", update }));
    socket.on("im:typing", (notice) => record({ type: "typing", from: notice.from, typing: notice.typing }));
    // A client confirms every incoming message that reaches it (docs/protocol.md).
    socket.on("im:received", ({ message }) => {
      if (message.direction === "incoming") this.track(ask(socket, "im:confirm-delivery", { ids: [message.id] }));
    });
    this.chats.listen(socket, record);
    const ready = await new Promise<{ deviceId: string }>((resolve, reject) => {
      let deviceId = "";
      socket.once("session:ready", (session) => (deviceId = session.deviceId));
      socket.once("im:snapshot", () => resolve({ deviceId }));
      socket.once("connect_error", (error) => reject(error));
    });
    client.deviceId = ready.deviceId;
    this.deviceRefs.set(ready.deviceId, key);
    this.clients.push(client);
    // Catch up: a tab confirms what waited for it (here: everything it finds).
    const synced = await ask<{ messages: InstantMessage[] }>(socket, "im:sync", { afterSeq: 0, limit: 500 });
    const ids = synced.ok ? synced.data.messages.filter((message) => message.direction === "incoming").map((message) => message.id) : [];
    if (ids.length > 0) this.track(ask(socket, "im:confirm-delivery", { ids: ids.slice(0, 200) }));
    await this.chats.catchUp(socket);
    return client;
  }

  private track(promise: Promise<unknown>) {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => {});
  }

  private live(a?: number): Client[] {
    return this.clients.filter((client) => !client.closed && (a === undefined || client.a === a));
  }
  /** Waits until the account's own tab was told its status expired (at most 10 s more). */
  private async expiryReached(client: Client, mark: number) {
    const own = this.username(client.a);
    const expired = () =>
      this.received
        .get(client)!
        .slice(mark)
        .some((event) => event.type === "changed" && event.view.username === own && event.view.status.expiresAt === null);
    for (const deadline = Date.now() + 10_000; !expired() && Date.now() < deadline; ) await this.sleep(20);
  }

  private sleep(ms: number) {
    return (this.transport.wait ?? sleep)(ms);
  }

  private primary(a: number): Client {
    return this.live(a)[0]!;
  }

  /** Waits until nothing is in flight: pending acks, a round trip on every socket, a short pause. */
  private async quiesce() {
    for (let round = 0; round < 2; round += 1) {
      await Promise.allSettled([...this.pending]);
      await Promise.all([...this.live().map((client) => ask(client.socket, "im:get-settings")), this.xmpp?.roundTrip()]);
      // Changes within PRESENCE_COALESCE_MS of the last go out at the end of that window.
      await this.sleep(this.transport.settleMs + (round === 0 ? (this.transport.coalesceMs ?? PRESENCE_COALESCE_MS) : 0));
    }
    await Promise.allSettled([...this.pending]);
  }

  async close() {
    await this.xmpp?.close();
    for (const client of this.live()) {
      client.closed = true;
      client.socket.close();
    }
  }

  // --- Steps ----------------------------------------------------------------------------------

  /**
   * Answers and reads name whoever has something to answer or read, when someone does: the
   * step's `b` picks among them (otherwise it stays, and checks the error answer).
   */
  private aim(step: Step): Step {
    const model = this.model;
    if (step.a >= model.size || !("b" in step) || step.b === null || step.b >= model.size) return step;
    const others = Array.from({ length: model.size }, (_, b) => b).filter((b) => b !== step.a);
    const pick = (candidates: number[]) => (candidates.length > 0 ? { ...step, b: candidates[Math.max(0, others.indexOf(step.b as number)) % candidates.length]! } : step);
    switch (step.t) {
      case "respond":
        return pick(others.filter((b) => model.sub(b, step.a) === "pending"));
      case "respond-request":
        return pick(others.filter((b) => model.conversation(step.a, b)?.state === "request"));
      case "read":
        return pick(others.filter((b) => { const state = model.conversation(step.a, b)?.state; return state === "accepted" || state === "request"; }));
      default:
        return step;
    }
  }

  /**
   * Group steps name a group the actor may act in, when there is one (otherwise the one they
   * name, to check the refusal), and a member to remove or promote among those in it. Members
   * of a create are named as others than the actor (0 = the first other account).
   */
  private aimGroup(step: GroupStep): GroupStep {
    const chats = this.model.chats;
    const count = chats.groups.length;
    if (step.t === "gc-create") return step;
    // Before any group exists, a group step starts one (of the actor and the next two accounts).
    if (count === 0) return { t: "gc-create", a: step.a, members: [0, 1] };
    const fits = (a: number, g: number) => {
      const state = chats.member(g, a)?.state;
      switch (step.t) {
        case "gc-respond":
          return state === "invited";
        case "gc-read":
          return state !== undefined && state !== "declined";
        case "gc-leave":
          return state === "member" || state === "invited";
        case "gc-remove":
          return state === "member" && chats.member(g, a)!.role !== "member";
        case "gc-admin":
          return state === "member" && chats.member(g, a)!.role === "creator";
        default:
          return state === "member";
      }
    };
    const all = Array.from({ length: count }, (_, g) => g);
    // An actor who may act in no group hands the step to one who may (online), if any: most
    // steps then do something, and the refusals are still met when nobody may.
    const able = Array.from({ length: this.model.size }, (_, a) => a).filter((a) => this.model.online(a) && all.some((g) => fits(a, g)));
    const actor = all.some((g) => fits(step.a, g)) || able.length === 0 ? step.a : able[step.a % able.length]!;
    const groups = all.filter((g) => fits(actor, g));
    const g = groups.length > 0 ? groups[step.g % groups.length]! : step.g % count;
    if (step.t !== "gc-remove" && step.t !== "gc-admin") return { ...step, a: actor, g } as GroupStep;
    const others = Array.from({ length: this.model.size }, (_, b) => b).filter((b) => b !== actor);
    const inIt = others.filter((b) => ["member", "invited"].includes(chats.member(g, b)?.state ?? ""));
    const b = inIt.length > 0 ? inIt[Math.max(0, others.indexOf(step.b)) % inIt.length]! : step.b === actor ? step.a : step.b;
    return { ...step, a: actor, g, b };
  }

  /** Makes a step concrete for the current state (existing groups, present tuples); null to skip. */
  private normalize(raw: Step): Step | null {
    const model = this.model;
    const aimed = this.aim(raw);
    const step = aimed.t.startsWith("gc-") ? this.aimGroup(aimed as GroupStep) : aimed;
    if (step.t === "gc-create") {
      const members = [...new Set(step.members.map((b) => (b >= step.a ? b + 1 : b)).filter((b) => b < model.size))];
      const made = { ...step, members };
      return model.applicable(made) ? made : null;
    }
    if (!model.applicable(step)) return null;
    // The XMPP watcher's account keeps a tab: steps act from tabs, and its XMPP resource stays.
    if (step.t === "disconnect" && step.a === this.xmpp?.a && this.live(step.a).length === 1) return null;
    const account = model.accounts[step.a]!;
    const present = (key: TupleKey) => account.userTuples.some((tuple) => tuple.key === key);
    if (step.t === "set-rules") {
      const rules = step.rules
        .filter((rule) =>
          rule.subject.type === "user"
            ? rule.subject.who !== step.a && rule.subject.who < model.size
            : rule.subject.type !== "group" || rule.subject.group < account.groups,
        )
        .map((rule): ModelRule => ({ ...rule, hiddenTuples: rule.hiddenTuples.filter(present) }));
      return { ...step, rules };
    }
    if (step.t === "set-groups") return { ...step, groups: [...new Set(step.groups.filter((group) => group < account.groups))] };
    if (step.t === "tuples") {
      const seen = new Set<string>();
      return { ...step, tuples: step.tuples.filter((tuple) => !seen.has(tuple.key) && seen.add(tuple.key)) };
    }
    return step;
  }

  /** Runs one step and checks everything after it. Returns the step as run, or null if skipped. */
  /** The step being run (as made concrete), for failure reports. */
  current: Step | null = null;

  async run(raw: Step): Promise<Step | null> {
    const step = this.normalize(raw);
    this.current = step;
    if (!step) return null;
    this.model.step += 1;
    const index = this.model.step;
    this.stepTimes[index] = { start: Date.now(), end: 0 };
    for (const list of this.received.values()) list.length = 0;
    if (this.xmpp) {
      const w = this.xmpp.a;
      this.xmpp.nextStep();
      this.xmppBefore = { pending: new Set(Array.from({ length: this.model.size }, (_, p) => p).filter((p) => this.model.askedAbout(w, p))), messages: this.model.messages.length };
    }
    for (const track of this.tracks.values()) track.seen.clear();
    const before = this.snapshotViews();
    const shownBefore = new Map(this.model.messages.map((message) => [message.key, message.shown] as const));
    const readBefore = new Map(this.model.messages.map((message) => [message.key, message.read] as const));
    let mid: Map<string, ModelView | "not_found"> | null = null;

    const actor = step.t === "connect" ? null : this.primary(step.a);
    const name = (b: number) => this.username(b);
    let answer: Ack<unknown> | null = null;
    let expected: Expect = { kind: "ok" };
    let oracle: ((missing: string) => Promise<Ack<unknown>>) | null = null;
    let namedInAnswer = "";

    switch (step.t) {
      case "connect": {
        const key = this.newDeviceKey();
        await this.open(step.a, key);
        expected = this.model.apply(step, { deviceKey: key });
        break;
      }
      case "disconnect": {
        const clients = this.live(step.a);
        const client = clients[step.s % clients.length]!;
        client.closed = true;
        client.socket.close();
        expected = this.model.apply(step);
        if (this.model.accounts[step.a]!.devices.length === 0) {
          for (let p = 0; p < this.model.size; p += 1) this.tracks.get(pair(step.a, p))!.gap = true;
        }
        await this.sleep(this.transport.graceMs + 150);
        break;
      }
      case "idle": {
        const clients = this.live(step.a);
        answer = await ask(clients[step.s % clients.length]!.socket, "presence:set-idle", { idle: step.idle });
        expected = this.model.apply(step);
        break;
      }
      case "status": {
        const expiresAt =
          step.expires === "none" ? null : new Date(Date.now() + (step.expires === "far" ? FAR_EXPIRY_MS : SHORT_EXPIRY_MS)).toISOString();
        const mark = this.received.get(actor!)!.length;
        answer = await ask(actor!.socket, "presence:set-status", { availability: step.availability, note: step.note, expiresAt });
        expected = this.model.apply(step, { expiresAt });
        if (step.expires === "short") {
          this.model.commit(false);
          mid = this.snapshotViews();
          await this.sleep(Math.max(0, Date.parse(expiresAt!) - Date.now()) + 300);
          // On a loaded machine the server's expiry timer may fire later than that: the check is
          // about what watchers see once it has fired (its own tabs are told first), not about
          // the timer's punctuality.
          if (answer.ok) await this.expiryReached(actor!, mark);
          this.model.expire(step.a);
        }
        break;
      }
      case "clear-status":
        answer = await ask(actor!.socket, "presence:clear-status", {});
        expected = this.model.apply(step);
        break;
      case "tuples": {
        const tuples = step.tuples.map(({ key, status }) => {
          const id = this.tupleIds.get(`${step.a}:${key}`);
          const { means, address, label } = USER_TUPLES[key];
          return { ...(id && this.model.accounts[step.a]!.userTuples.some((tuple) => tuple.key === key) ? { id } : {}), means, address, label, status };
        });
        answer = await ask<PresenceView>(actor!.socket, "presence:set-tuples", { tuples });
        if (answer.ok) {
          const users = (answer.data as PresenceView).tuples.filter((tuple) => tuple.kind === "user");
          users.forEach((tuple, position) => {
            const key = step.tuples[position]?.key;
            if (!key) return;
            this.tupleIds.set(`${step.a}:${key}`, tuple.id);
            this.tupleRefs.set(tuple.id, key);
          });
        }
        expected = this.model.apply(step);
        break;
      }
      case "request":
        answer = await ask(actor!.socket, "subscription:request", { username: name(step.b) });
        oracle = (missing) => ask(actor!.socket, "subscription:request", { username: missing });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      case "respond":
        answer = await ask(actor!.socket, "subscription:respond", { username: name(step.b), approve: step.approve });
        oracle = (missing) => ask(actor!.socket, "subscription:respond", { username: missing, approve: step.approve });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      case "remove":
        answer = await ask(actor!.socket, "subscription:remove", { username: name(step.b) });
        oracle = (missing) => ask(actor!.socket, "subscription:remove", { username: missing });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      case "group-create": {
        const groupIndex = this.model.accounts[step.a]!.groups;
        answer = await ask<{ id: string }>(actor!.socket, "group:create", { name: `g${groupIndex}` });
        if (answer.ok) this.groupIds.set(`${step.a}:${groupIndex}`, (answer.data as { id: string }).id);
        expected = this.model.apply(step);
        break;
      }
      case "set-groups": {
        const groupIds = step.groups.map((group) => this.groupIds.get(`${step.a}:${group}`)!);
        answer = await ask(actor!.socket, "contact:set-groups", { username: name(step.b), groupIds });
        oracle = (missing) => ask(actor!.socket, "contact:set-groups", { username: missing, groupIds });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      }
      case "set-rules": {
        const rules = (replace?: { who: number; name: string }) =>
          step.rules.map((rule) => ({
            subject:
              rule.subject.type === "user"
                ? { type: "user", username: replace && rule.subject.who === replace.who ? replace.name : name(rule.subject.who) }
                : rule.subject.type === "group"
                  ? { type: "group", groupId: this.groupIds.get(`${step.a}:${rule.subject.group}`) }
                  : { type: rule.subject.type },
            action: rule.action,
            hiddenTupleIds: rule.hiddenTuples.map((key) => this.tupleIds.get(`${step.a}:${key}`)!),
            hideLastSeen: rule.hideLastSeen,
          }));
        answer = await ask(actor!.socket, "privacy:set-rules", { rules: rules() });
        const blocker = step.rules.find((rule) => rule.subject.type === "user" && this.model.missing(step.a, rule.subject.who));
        if (blocker && blocker.subject.type === "user") {
          const who = blocker.subject.who;
          namedInAnswer = name(who);
          oracle = (missing) => ask(actor!.socket, "privacy:set-rules", { rules: rules({ who, name: missing }) });
        }
        expected = this.model.apply(step);
        break;
      }
      case "quick-rule":
        answer = await ask(actor!.socket, "privacy:quick-rule", { username: name(step.b), action: step.action });
        oracle = (missing) => ask(actor!.socket, "privacy:quick-rule", { username: missing, action: step.action });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      case "invisible":
        answer = await ask(actor!.socket, "privacy:set-invisible", { invisible: step.on });
        expected = this.model.apply(step);
        break;
      case "visibility": {
        const username = step.b === null ? null : name(step.b);
        answer = await ask(actor!.socket, "privacy:set-visibility", { username, visibility: step.v });
        oracle = (missing) => ask(actor!.socket, "privacy:set-visibility", { username: missing, visibility: step.v });
        namedInAnswer = username ?? "";
        expected = this.model.apply(step);
        break;
      }
      case "send": {
        const body = `m${this.model.messages.length}`;
        answer = await ask<InstantMessage>(actor!.socket, "im:send", { to: name(step.b), clientId: randomUUID(), body });
        oracle = (missing) => ask(actor!.socket, "im:send", { to: missing, clientId: randomUUID(), body });
        namedInAnswer = name(step.b);
        const count = this.model.messages.length;
        expected = this.model.apply(step);
        if (answer.ok && this.model.messages.length > count) this.messageIds.set(this.model.messages.at(-1)!.key, (answer.data as InstantMessage).id);
        break;
      }
      case "respond-request":
        answer = await ask(actor!.socket, "im:respond-request", { peer: name(step.b), action: step.action });
        oracle = (missing) => ask(actor!.socket, "im:respond-request", { peer: missing, action: step.action });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      case "read": {
        const list = await ask<ConversationSummary[]>(actor!.socket, "im:conversations");
        const summary = list.ok ? list.data.find((conversation) => conversation.peer === name(step.b)) : undefined;
        const upToSeq = summary?.lastMessage.seq ?? 1;
        answer = await ask(actor!.socket, "im:read", { peer: name(step.b), upToSeq });
        oracle = (missing) => ask(actor!.socket, "im:read", { peer: missing, upToSeq });
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      }
      case "follow":
      case "unfollow": {
        const clients = this.live(step.a);
        const socket = clients[step.s % clients.length]!.socket;
        const event = step.t === "follow" ? "presence:fetch" : "presence:unfollow";
        const payload = (username: string) => (step.t === "follow" ? { username, follow: true } : { username });
        answer = await ask(socket, event, payload(name(step.b)));
        // A fetch's answer is a view W was given, like a notification.
        if (step.t === "follow" && answer.ok) this.received.get(clients[step.s % clients.length]!)!.push({ type: "changed", view: answer.data as PresenceView });
        oracle = (missing) => ask(socket, event, payload(missing));
        namedInAnswer = name(step.b);
        expected = this.model.apply(step);
        break;
      }
      case "typing":
        answer = await ask(actor!.socket, "im:typing", { to: name(step.b), typing: true });
        expected = this.model.apply(step);
        break;
      case "gc-create":
      case "gc-add":
      case "gc-remove":
      case "gc-admin":
      case "gc-leave":
      case "gc-respond":
      case "gc-send":
      case "gc-typing":
      case "gc-read": {
        const ran = await this.chats.run(step, actor!.socket);
        ({ answer, expected, oracle } = ran);
        namedInAnswer = ran.named;
        break;
      }
      case "inbox": {
        const changes = {
          ...(step.acceptFrom ? { acceptFrom: step.acceptFrom } : {}),
          ...(step.readReceipts !== undefined ? { readReceipts: step.readReceipts } : {}),
        };
        if (Object.keys(changes).length === 0) return null;
        answer = await ask(actor!.socket, "im:set-settings", changes);
        expected = this.model.apply(step);
        break;
      }
    }

    // Answers that are the actor's own view count as views it was given.
    if (answer?.ok && actor && ["status", "clear-status", "tuples"].includes(step.t)) {
      this.received.get(actor)!.push({ type: "changed", view: answer.data as PresenceView });
    }
    await this.checkAnswer(step, answer, expected, oracle, namedInAnswer);
    await this.quiesce();
    this.model.afterStep();
    await this.check({ before, mid, shownBefore, readBefore, step });
    return step;
  }

  private async checkAnswer(
    step: Step,
    answer: Ack<unknown> | null,
    expected: Expect,
    oracle: ((missing: string) => Promise<Ack<unknown>>) | null,
    named: string,
  ) {
    if (!answer) return;
    const shown = JSON.stringify(answer);
    switch (expected.kind) {
      case "ok": {
        if (!answer.ok) return this.fail("answer", `${step.t}: expected ok, got ${shown}`);
        for (const [field, value] of Object.entries(expected.data ?? {})) {
          const got = (answer.data as Record<string, unknown>)[field];
          if (got !== value) this.fail("answer", `${step.t}: expected ${field} ${JSON.stringify(value)}, got ${shown}`);
        }
        return;
      }
      case "error":
        if (answer.ok || answer.error.code !== expected.code) this.fail("answer", `${step.t}: expected error ${expected.code}, got ${shown}`);
        return;
      case "missing": {
        if (!oracle) return this.fail("missing", `${step.t}: the model expects a missing-name answer, but the driver has no oracle`);
        const missing = missingNameLike(named);
        const reference = await oracle(missing);
        const mask = (text: string, name: string) => text.split(name).join("<NAME>");
        if (mask(shown, named) !== mask(JSON.stringify(reference), missing)) {
          this.fail("missing", `${step.t}: a blocked name must answer as a missing one:\n    blocked: ${shown}\n    missing: ${JSON.stringify(reference)}`);
        }
        return;
      }
    }
  }

  /** A command's answer for a name that does not exist (masked as <NAME>); asked once per kind. */
  private readonly missingAnswers = new Map<string, string>();
  private async missingAnswer(socket: TestSocket, event: string, payload: (username: string) => unknown): Promise<string> {
    const known = this.missingAnswers.get(event);
    if (known !== undefined) return known;
    const missing = missingNameLike("a_missing_name_of_some_length");
    const answer = JSON.stringify(await ask(socket, event, payload(missing))).split(missing).join("<NAME>");
    this.missingAnswers.set(event, answer);
    return answer;
  }

  private snapshotViews(): Map<string, ModelView | "not_found"> {
    const views = new Map<string, ModelView | "not_found">();
    for (let w = 0; w < this.model.size; w += 1) {
      for (let p = 0; p < this.model.size; p += 1) views.set(pair(w, p), this.model.view(w, p));
    }
    return views;
  }

  // --- Comparing views --------------------------------------------------------------------------

  /** The real view in the model's terms (ids → refs, `since` dropped); the version apart. */
  private normalize_(view: PresenceView) {
    return {
      username: view.username,
      displayName: view.displayName,
      access: view.access,
      status: { ...view.status },
      tuples: view.tuples.map((tuple) => {
        const { id, since: _since, ...rest } = tuple;
        const ref = tuple.kind === "device" ? (this.deviceRefs.get(id) ?? `?${id}`) : (this.tupleRefs.get(id) ?? `?${id}`);
        return { ref, ...rest };
      }),
    };
  }

  /**
   * Whether a real view matches a model view; unbound time symbols bind (a time inside their
   * step's window). Returns the reason for a mismatch, or null.
   */
  private match(real: PresenceView, expected: ModelView, bind: boolean): string | null {
    const got = this.normalize_(real);
    const symbol = expected.status.lastSeenAt;
    const time = got.status.lastSeenAt;
    const left = JSON.stringify({ ...got, status: { ...got.status, lastSeenAt: null } }, sortedKeys);
    const right = JSON.stringify({ ...expected, status: { ...expected.status, lastSeenAt: null } }, sortedKeys);
    if (left !== right) return `content differs:\n      got      ${left}\n      expected ${right}`;
    if (symbol === null) return time === null ? null : `lastSeenAt: got ${time}, expected null`;
    if (time === null) return `lastSeenAt: got null, expected a time (${symbol})`;
    const bound = this.bindings.get(symbol);
    if (bound !== undefined) return bound === time ? null : `lastSeenAt: got ${time}, expected ${bound} (${symbol})`;
    const window = this.model.symbolSteps.get(symbol);
    if (window) {
      const from = this.stepTimes[window.from]!.start - CLOCK_SLACK_MS;
      const to = (this.stepTimes[window.to]?.end || Date.now()) + CLOCK_SLACK_MS;
      const at = Date.parse(time);
      if (at < from || at > to) {
        return `lastSeenAt ${time} (${symbol}) is outside steps ${window.from}–${window.to} (${new Date(from).toISOString()} – ${new Date(to).toISOString()})`;
      }
    }
    if (bind) this.bindings.set(symbol, time);
    return null;
  }

  private observe(w: number, p: number, view: PresenceView, where: string) {
    const track = this.tracks.get(pair(w, p))!;
    const content = JSON.stringify({ ...view, version: 0 }, sortedKeys);
    const known = track.versions.get(view.version);
    if (known !== undefined && known !== content) {
      this.fail("version", `version ${view.version} of ${this.tag(w, p)} names two contents (${where}):\n      ${known}\n      ${content}`);
    }
    track.versions.set(view.version, content);
    track.seen.add(view.version);
  }

  private tag(w: number, p: number) {
    return `${w}→${p} (W=${this.username(w)}, P=${this.username(p)})`;
  }

  // --- The checks after a step ------------------------------------------------------------------

  private async check(
    context: {
      before: Map<string, ModelView | "not_found">;
      mid: Map<string, ModelView | "not_found"> | null;
      shownBefore: Map<string, boolean>;
      readBefore: Map<string, boolean>;
      step: Step;
    } | null,
  ) {
    const model = this.model;
    const after = this.snapshotViews();
    const stepIndex = model.step;

    // 1. Everything received during the step: only views W's view allowed at the time.
    for (const client of this.clients) {
      const events = this.received.get(client) ?? [];
      const w = client.a;
      const allowed = (p: number, view: PresenceView, what: string) => {
        const candidates = [context?.before.get(pair(w, p)), context?.mid?.get(pair(w, p)), after.get(pair(w, p))];
        const reasons: string[] = [];
        for (const candidate of candidates) {
          if (!candidate || candidate === "not_found") continue;
          const reason = this.match(view, candidate, true);
          if (reason === null) return;
          reasons.push(reason);
        }
        this.fail("notify", `${this.tag(w, p)} received a ${what} it may not see now:\n    ${reasons.join("\n    ") || "(it may see nothing of P)"}`);
      };
      this.chats.checkReceived(
        w,
        events.filter((event): event is GroupReceived => event.type.startsWith("gc-")),
        context ? (context.step as { t: string; a: number; g?: number }) : null,
      );
      for (const event of events) {
        if (event.type === "changed") {
          const p = this.indexOf(event.view.username);
          if (p < 0) continue;
          this.observe(w, p, event.view, "presence:changed");
          allowed(p, event.view, "presence:changed");
        } else if (event.type === "snapshot") {
          this.observe(w, w, event.snapshot.me, "snapshot");
          allowed(w, event.snapshot.me, "snapshot (me)");
          for (const contact of event.snapshot.contacts) {
            const p = this.indexOf(contact.username);
            if (p < 0) continue;
            this.observe(w, p, contact.presence, "snapshot");
            allowed(p, contact.presence, "snapshot");
          }
        } else if (event.type === "typing") {
          const a = this.indexOf(event.from);
          if (context?.step.t !== "typing" || context.step.a !== a || context.step.b !== w) {
            this.fail("receipt", `${this.tag(w, a)}: an im:typing nobody sent in this step`);
          } else if (!model.typingRelayed(a, w)) {
            this.fail("receipt", `${this.tag(w, a)}: im:typing relayed while W's view of A is ${model.kind(w, a)} (delivery ${model.outcome(a, w)})`);
          }
        } else if (event.type === "status" && context) {
          const r = this.indexOf(event.update.peer);
          if (event.update.status === "delivered") {
            for (const id of event.update.ids) {
              const key = [...this.messageIds].find(([, value]) => value === id)?.[0];
              const message = model.messages.find((candidate) => candidate.key === key);
              if (!message) this.fail("receipt", `${this.tag(w, r)}: delivered for an unknown message ${id}`);
              else if (!message.shown && this.xmpp?.a === r && message.request && message.forRecipient && model.receiptsFlow(message.from, r)) {
                // A6'': an XMPP app confirms with its stream-management ack, which may come steps
                // later; a message it had as a request then counts as delivered where receipts now
                // flow, as when a tab's catch-up confirms it (A6').
                message.request = false;
                message.shown = true;
              } else if (!message.shown) {
                this.fail("receipt", 
                  `${this.tag(w, r)}: "delivered" for ${message.key} while the model holds it (view ${model.kind(w, r)}, conversation ${JSON.stringify(model.conversation(r, w))})`,
                );
              }
            }
          } else {
            const flipped = model.messages.some(
              (message) => message.from === w && message.to === r && message.read && !context.readBefore.get(message.key),
            );
            // A "read" that marks none of W's messages tells W only that R read while W may know it.
            const harmless = model.receiptsFlow(w, r) && model.accounts[w]!.readReceipts && model.accounts[r]!.readReceipts;
            if (!flipped && !harmless) this.fail("receipt", `${this.tag(w, r)}: "read" up to ${event.update.upToSeq} the model does not allow (view ${model.kind(w, r)})`);
          }
        }
      }
    }

    // 2. Fetches: content and version of every pair, from every account with a socket (asked
    // all at once; checked in order).
    const fetched = new Map<string, PresenceView | null>();
    const asked: { w: number; p: number; answer: Promise<Ack<PresenceView>> }[] = [];
    for (let w = 0; w < model.size; w += 1) {
      const clients = this.live(w);
      if (clients.length === 0) continue;
      for (let p = 0; p < model.size; p += 1) {
        asked.push({ w, p, answer: ask<PresenceView>(clients[0]!.socket, "presence:fetch", { username: this.username(p) }) });
      }
    }
    for (const { w, p, answer: pending } of asked) {
      const answer = await pending;
      const expected = after.get(pair(w, p))!;
      if (expected === "not_found") {
        fetched.set(pair(w, p), null);
        const reference = await this.missingAnswer(this.primary(w).socket, "presence:fetch", (username) => ({ username }));
        const left = JSON.stringify(answer).split(this.username(p)).join("<NAME>");
        if (left !== reference) this.fail("missing", `${this.tag(w, p)}: P blocks W, so the fetch must answer as for a missing name:\n    got     ${JSON.stringify(answer)}\n    missing ${reference}`);
        continue;
      }
      if (!answer.ok) {
        fetched.set(pair(w, p), null);
        this.fail("view", `${this.tag(w, p)}: fetch failed (${JSON.stringify(answer.error)}), expected a ${model.kind(w, p)} view`);
        continue;
      }
      const view = answer.data;
      fetched.set(pair(w, p), view);
      this.observe(w, p, view, "fetch");
      const reason = this.match(view, expected, true);
      if (reason) this.fail("view", `${this.tag(w, p)}: fetched view (${model.kind(w, p)}, version ${view.version}) is not the model's: ${reason}`);
      this.checkVersions(w, p, view.version);
    }

    // 2b. A poller sees what a fetcher sees: REST for one watcher a step, every presentity.
    const poller = stepIndex % model.size;
    if (this.transport.poll && this.live(poller).length > 0) {
      for (let p = 0; p < model.size; p += 1) {
        const polled = await this.transport.poll(this.accounts[poller]!, this.username(p));
        if (polled.status === 429) break; // 60 polls a minute: long sequences poll less
        const view = fetched.get(pair(poller, p));
        if (view) {
          if (polled.status !== 200 || JSON.stringify(JSON.parse(polled.body), sortedKeys) !== JSON.stringify(view, sortedKeys)) {
            this.fail("view", `${this.tag(poller, p)}: GET /api/presence answers ${polled.status} ${polled.body}, a fetch ${JSON.stringify(view)}`);
          }
        } else if (after.get(pair(poller, p)) === "not_found") {
          const missing = missingNameLike(this.username(p));
          const reference = await this.transport.poll(this.accounts[poller]!, missing);
          const left = `${polled.status} ${polled.body.split(this.username(p)).join("<NAME>")}`;
          const right = `${reference.status} ${reference.body.split(missing).join("<NAME>")}`;
          if (left !== right) this.fail("missing", `${this.tag(poller, p)}: GET /api/presence for a blocker answers ${left}, for a missing name ${right}`);
        }
      }
    }

    // 3. What each client holds equals the fresh fetch, and the list has the model's shape.
    for (const client of this.live()) {
      const w = client.a;
      const state = client.state;
      const self = fetched.get(pair(w, w));
      if (self && JSON.stringify(state.me, sortedKeys) !== JSON.stringify(self, sortedKeys)) {
        this.fail("held", `${this.tag(w, w)} [${client.key}] holds its own view ${JSON.stringify(state.me)}, a fetch says ${JSON.stringify(self)}`);
      }
      for (const contact of state.contacts) {
        const p = this.indexOf(contact.username);
        const fresh = fetched.get(pair(w, p));
        if (!fresh) {
          this.fail("held", `${this.tag(w, p)} [${client.key}] holds P in its list, but a fetch finds nothing`);
          continue;
        }
        if (JSON.stringify(contact.presence, sortedKeys) !== JSON.stringify(fresh, sortedKeys)) {
          this.fail("held", 
            `${this.tag(w, p)} [${client.key}] holds a view that is not the fresh fetch:\n      held  ${JSON.stringify(contact.presence)}\n      fetch ${JSON.stringify(fresh)}`,
          );
        }
      }
      const rows = state.contacts
        .map((contact) => ({
          p: this.indexOf(contact.username),
          subscription: contact.subscription,
          watchesMe: contact.watchesMe,
          groups: contact.groupIds.map((id) => [...this.groupIds].find(([, value]) => value === id)?.[0].split(":")[1] ?? id).sort(),
        }))
        .sort((x, y) => x.p - y.p);
      const expectedRows = model.list(w).map((row) => ({ ...row, groups: row.groups.map(String).sort() }));
      if (JSON.stringify(rows) !== JSON.stringify(expectedRows)) {
        this.fail("list", `${this.username(w)} [${client.key}] buddy list:\n      got      ${JSON.stringify(rows)}\n      expected ${JSON.stringify(expectedRows)}`);
      }
    }

    // 4. Privacy settings, conversations and message statuses, for every account with a socket.
    await Promise.all(
      Array.from({ length: model.size }, async (_, a) => {
      if (this.live(a).length === 0) return;
      const socket = this.primary(a).socket;
      const privacy = await ask<PrivacySettings>(socket, "privacy:get");
      if (!privacy.ok) this.fail("privacy", `${this.username(a)}: privacy:get failed ${JSON.stringify(privacy)}`);
      else this.checkPrivacy(a, privacy.data);

      const conversations = await ask<ConversationSummary[]>(socket, "im:conversations");
      if (conversations.ok) {
        const got = conversations.data.map((conversation) => `${conversation.peer}:${conversation.state}`).sort();
        const expected: string[] = [];
        for (let b = 0; b < model.size; b += 1) {
          const conversation = model.conversation(a, b);
          const count = model.messages.filter(
            (message) => (message.from === a && message.to === b) || (message.from === b && message.to === a && message.forRecipient),
          ).length;
          if (conversation && conversation.state !== "declined" && count > 0) expected.push(`${this.username(b)}:${conversation.state}`);
        }
        expected.sort();
        if (JSON.stringify(got) !== JSON.stringify(expected)) {
          this.fail("inbox", `${this.username(a)}: conversations ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
        }
      }

      for (let r = 0; r < model.size; r += 1) {
        const sent = model.messages.filter((message) => message.from === a && message.to === r);
        if (sent.length === 0) continue;
        const history = await ask<MessagePage>(socket, "im:history", { peer: this.username(r), limit: 100 });
        if (!history.ok) {
          this.fail("inbox", `${this.tag(a, r)}: im:history failed ${JSON.stringify(history)}`);
          continue;
        }
        const statuses = new Map(history.data.messages.map((message) => [message.id, message.status] as const));
        for (const message of sent) {
          const id = this.messageIds.get(message.key);
          const got = id ? statuses.get(id) : undefined;
          const expected = model.messageStatus(message);
          if (got !== expected) {
            this.fail("receipt", 
              `${this.tag(a, r)}: message ${message.key} shows "${got}" to its sender, the model says "${expected}" (view ${model.kind(a, r)}, R online ${model.online(r)}, R's conversation ${JSON.stringify(model.conversation(r, a))})`,
            );
          }
        }
      }
    }),
    );

    // 5. Group conversations: lists, histories, receipts.
    await this.chats.check((a) => this.live(a)[0]?.socket ?? null);

    // 6. The XMPP watcher: what it received, its roster, its contacts' last presence.
    if (this.xmpp) {
      const w = this.xmpp.a;
      this.xmpp.check(
        model,
        {
          step: context?.step ?? null,
          views: (p) => [context?.before.get(pair(w, p)), context?.mid?.get(pair(w, p)), after.get(pair(w, p))],
          pendingBefore: (p) => this.xmppBefore.pending.has(p),
          messagesBefore: context ? this.xmppBefore.messages : model.messages.length,
        },
        (username) => this.indexOf(username),
        (a) => this.username(a),
        (message) => this.fail("xmpp", message),
      );
    }

    this.model.commit(true);
    this.stepTimes[stepIndex]!.end = Date.now();
    if (this.failures.length > 0) {
      const failures = this.failures;
      this.failures = [];
      throw new ContractViolation(
        `after step ${stepIndex}${context ? ` ${JSON.stringify(context.step)}` : " (start)"}:\n  - ${failures.join("\n  - ")}`,
      );
    }
  }

  private checkVersions(w: number, p: number, version: number) {
    const track = this.tracks.get(pair(w, p))!;
    const last = track.lastFetch;
    if (last === null) {
      if (!track.gap && Math.min(...track.versions.keys()) !== 1) {
        this.fail("version", `${this.tag(w, p)}: the first view W got has version ${Math.min(...track.versions.keys())}, not 1`);
      }
    } else if (version < last) {
      this.fail("version", `${this.tag(w, p)}: version went down from ${last} to ${version}`);
    } else if (!track.gap) {
      for (let v = last; v < version; v += 1) {
        const from = track.versions.get(v);
        const to = track.versions.get(v + 1);
        if (to === undefined) {
          this.fail("version", `${this.tag(w, p)}: version ${v + 1} was skipped (W went from ${last} to ${version}, seeing ${[...track.seen].sort((x, y) => x - y).join(", ")})`);
          break;
        }
        if (from === to) this.fail("version", `${this.tag(w, p)}: version ${v + 1} did not change the content`);
      }
    }
    track.lastFetch = version;
    track.gap = false;
  }

  private checkPrivacy(a: number, settings: PrivacySettings) {
    const expected = this.model.privacy(a);
    const idToGroup = (id: string) => [...this.groupIds].find(([, value]) => value === id)?.[0].split(":")[1] ?? `?${id}`;
    const got = {
      defaults: settings.defaults,
      invisible: settings.invisible,
      rules: settings.rules.map((rule) => ({
        subject:
          rule.subject.type === "user"
            ? `user:${this.indexOf(rule.subject.username)}`
            : rule.subject.type === "group"
              ? `group:${idToGroup(rule.subject.groupId)}`
              : rule.subject.type,
        action: rule.action,
        hidden: rule.hiddenTupleIds.map((id) => this.tupleRefs.get(id) ?? `?${id}`).sort(),
        hideLastSeen: rule.hideLastSeen,
      })),
      visibility: {
        all: settings.visibility.all,
        people: settings.visibility.people.map((row) => `${this.indexOf(row.username)}:${row.visibility}`).sort(),
      },
    };
    const want = {
      defaults: expected.defaults,
      invisible: expected.invisible,
      rules: expected.rules.map((rule) => ({
        subject:
          rule.subject.type === "user"
            ? `user:${rule.subject.who}`
            : rule.subject.type === "group"
              ? `group:${rule.subject.group}`
              : rule.subject.type,
        action: rule.action,
        hidden: [...rule.hiddenTuples].sort(),
        hideLastSeen: rule.hideLastSeen,
      })),
      visibility: { all: expected.visibility.all, people: expected.visibility.people.map(([who, v]) => `${who}:${v}`).sort() },
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      this.fail("privacy", `${this.username(a)}: privacy settings\n      got      ${JSON.stringify(got)}\n      expected ${JSON.stringify(want)}`);
    }
  }
}

/** JSON with object keys sorted, so equal contents print equal. */
function sortedKeys(_key: string, value: unknown) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  }
  return value;
}

/** Runs a whole sequence on fresh accounts; throws a ContractViolation with the steps run so far. */
export async function runSequence(transport: Transport, count: number, steps: Step[]): Promise<SequenceResult> {
  const started = Date.now();
  const driver = await Driver.start(transport, count);
  const executed: Step[] = [];
  let current: Step | null = null;
  try {
    for (const step of steps) {
      current = step;
      const ran = await driver.run(step);
      if (ran) executed.push(ran);
      current = null;
    }
  } catch (error) {
    if (error instanceof Error) {
      const run = [...executed, ...(current && driver.current ? [driver.current] : [])];
      error.message =
        `${error.message}\n  steps run (${count} accounts; the last one failed):\n    ${run.map((step) => JSON.stringify(step)).join("\n    ")}` +
        `\n  replay: MODEL_REPLAY='${JSON.stringify({ accounts: count, steps: run })}'`;
    }
    throw error;
  } finally {
    await driver.close();
  }
  return { steps: executed, executed: executed.length, ms: Date.now() - started, groupSteps: executed.filter((step) => step.t.startsWith("gc-")).length };
}
