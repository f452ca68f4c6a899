// "Block = you do not exist", proved by an oracle: every socket command and REST route that
// takes a username is run by a stranger alice blocked, once naming alice and once naming a
// name of the same length that never existed. The answers must be equal once the names are
// swapped — and come back in the same time. The commands are found from their schemas, so a
// new command that names a person fails here until it is listed below with a payload.
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import type { AccessRuleInput, ClientToServerEvents, CreatedAccessToken, PrivacySettings } from "@/lib/protocol";
import { usernameRefSchema } from "@/lib/protocol";
import { commandTable } from "@/lib/realtime/handlers";
import { ask, connect, newUser, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";

const root = path.resolve(import.meta.dirname, "../..");

// --- Which commands and routes name a person ------------------------------------------------

/** Payload fields that carry a person's name. */
const PERSON_FIELD = /^(username|to|peer|prefix)$/;

/** Whether a payload schema names a person: such a field anywhere, or the username schema itself. */
function namesAPerson(schema: z.ZodType, seen = new Set<unknown>()): boolean {
  if (schema === (usernameRefSchema as z.ZodType)) return true;
  if (seen.has(schema)) return false;
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const children: unknown[] = [];
  if (def.shape) {
    for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      if (PERSON_FIELD.test(key)) return true;
      children.push(child);
    }
  }
  for (const key of ["innerType", "in", "out", "element", "left", "right", "valueType", "keyType"]) children.push(def[key]);
  for (const key of ["options", "items"]) children.push(...((def[key] as unknown[] | undefined) ?? []));
  if (typeof def.getter === "function") children.push((def.getter as () => unknown)());
  return children.some((child) => child !== undefined && namesAPerson(child as z.ZodType, seen));
}

type Command = keyof ClientToServerEvents;
type Payload = (name: string) => unknown;

const rules = (name: string): AccessRuleInput[] => [
  { subject: { type: "user", username: name }, action: "allow" },
  { subject: { type: "signed-in" }, action: "confirm" },
];

/** Every command that names a person, with the payloads to try (the name goes where a person is named). */
const SOCKET_CASES: Partial<Record<Command, Payload[]>> = {
  "presence:fetch": [(name) => ({ username: name }), (name) => ({ username: name, follow: true })],
  "presence:unfollow": [(name) => ({ username: name })],
  "subscription:request": [(name) => ({ username: name })],
  "subscription:respond": [(name) => ({ username: name, approve: true }), (name) => ({ username: name, approve: false })],
  "subscription:remove": [(name) => ({ username: name })],
  "contact:set-groups": [(name) => ({ username: name, groupIds: [] })],
  "privacy:set-rules": [(name) => ({ rules: rules(name) })],
  "privacy:quick-rule": (["allow", "limited", "polite-block", "block"] as const).map((action) => (name: string) => ({ username: name, action })),
  "privacy:set-visibility": (["hidden", "visible", "default"] as const).map((visibility) => (name: string) => ({ username: name, visibility })),
  "privacy:preview": [(name) => ({ subject: { type: "user", username: name } })],
  "user:suggest": [(name) => ({ prefix: name })],
  "im:send": [(name) => ({ to: name, clientId: sendId, body: "hello?" }), (name) => ({ to: `im:${name}`, clientId: sendId, body: "hello?" })],
  "im:typing": [(name) => ({ to: name, typing: true })],
  "im:delivery-notice": [(name) => ({ to: name }), (name) => ({ to: `im:${name}` })],
  "im:read": [(name) => ({ peer: name, upToSeq: 1 })],
  "im:history": [(name) => ({ peer: name })],
  "im:respond-request": (["accept", "decline", "block"] as const).map((action) => (name: string) => ({ peer: name, action })),
  "im:delete-conversation": [(name) => ({ peer: name })],
  "im:set-conversation": [
    (name) => ({ peer: name, pinned: true }),
    (name) => ({ peer: name, muted: true }),
    (name) => ({ peer: name, markedUnread: true }),
  ],
  // Group conversations: adding a blocker is refused as adding a name that never existed, first
  // or after someone who may be added (the group is the stranger's own, with two bystanders).
  "groupchat:create": [
    (name) => ({ clientId: sendId, members: [name, bystanders[0]!.username] }),
    (name) => ({ clientId: sendId, members: [bystanders[0]!.username, name] }),
  ],
  "groupchat:add": [(name) => ({ groupId: strangersGroup, members: [name] })],
  "groupchat:remove": [(name) => ({ groupId: strangersGroup, member: name })],
  "groupchat:set-admin": [(name) => ({ groupId: strangersGroup, member: name, admin: true })],
};
/** Two accounts nobody blocks, and a group of the stranger's with them. */
let bystanders: Caller[] = [];
let strangersGroup: string = randomUUID();
/** One client id for both sends of a pair: a send that got through would show in the second answer. */
let sendId = randomUUID();

/** A route file names a person when a path segment is one, or it reads the username schema. */
function routeNamesAPerson(file: string): boolean {
  const segments = path.relative(path.join(root, "app/api"), file).split(path.sep);
  if (segments.some((segment) => /^\[(?:\.\.\.)?(\w+)\]$/.exec(segment) && PERSON_FIELD.test(segment.replace(/\W/g, "")))) return true;
  return /usernameRefSchema|inboxAddressSchema/.test(readFileSync(file, "utf8"));
}

function routeFiles(dir = path.join(root, "app/api")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

type Rest = { method: string; path: (name: string) => string; headers?: (caller: Caller) => Record<string, string> };
/** Every REST route that names a person (by its file under app/api), with the requests to try. */
const REST_CASES: Record<string, Rest[]> = {
  "presence/[username]/route.ts": [
    { method: "GET", path: (name) => `/api/presence/${name}` },
    { method: "GET", path: (name) => `/api/presence/${name}`, headers: () => ({ accept: "application/pidf+xml" }) },
    { method: "GET", path: (name) => `/api/presence/${name}`, headers: (caller) => ({ cookie: "", authorization: `Bearer ${caller.token}` }) },
  ],
};
/** Routes that name a person but are not the blocked caller's to probe, and why. */
const REST_EXEMPT: Record<string, string> = {
  "admin/accounts/[username]/route.ts": "administrators act on every account; they see the whole list of accounts anyway",
};

// --- The oracle -------------------------------------------------------------------------------

let server: TestServer;
type Caller = { username: string; cookie: string; socket: TestSocket; token: string };
let alice: Caller;
let stranger: Caller;
/** A name of the same length as alice's that no account has. */
let missing: string;
const ALICE_DISPLAY_NAME = "Alice Who Blocks";

async function person(prefix: string): Promise<Caller> {
  const { username, cookie } = await newUser(server, prefix);
  const { socket } = await connect(server, cookie);
  const created = await ask(socket, "token:create", { name: "oracle" });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return { username, cookie, socket, token: (created.data as CreatedAccessToken).token };
}

beforeAll(async () => {
  server = await startServer();
  alice = await person("alice");
  stranger = await person("stranger");
  missing = `ghost${randomBytes(16).toString("hex")}`.slice(0, alice.username.length);
  expect((await ask(alice.socket, "profile:set-display-name", { displayName: ALICE_DISPLAY_NAME })).ok).toBe(true);
  expect((await ask(alice.socket, "privacy:quick-rule", { username: stranger.username, action: "block" })).ok).toBe(true);
  bystanders = [await person("bystander"), await person("bystander")];
  const group = await ask(stranger.socket, "groupchat:create", { clientId: randomUUID(), members: bystanders.map((who) => who.username) });
  if (!group.ok) throw new Error(JSON.stringify(group.error));
  strangersGroup = (group.data as { id: string }).id;
});
afterAll(async () => {
  alice?.socket.close();
  stranger?.socket.close();
  for (const who of bystanders) who.socket.close();
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

/** An answer with the name it was about replaced, so answers about two names compare. */
const about = (answer: unknown, name: string) => JSON.parse(JSON.stringify(answer).replaceAll(name, "<name>")) as unknown;

describe("the oracle's lists", () => {
  it("hold every socket command that names a person", () => {
    const naming = Object.entries(commandTable)
      .filter(([, definition]) => namesAPerson(definition.schema))
      .map(([command]) => command)
      .sort();
    // A command missing here names a person: add it to SOCKET_CASES with its payloads.
    expect(naming).toEqual(Object.keys(SOCKET_CASES).sort());
  });

  it("hold every REST route that names a person", () => {
    const naming = routeFiles()
      .filter(routeNamesAPerson)
      .map((file) => path.relative(path.join(root, "app/api"), file).split(path.sep).join("/"))
      .sort();
    // A route missing here names a person: add it to REST_CASES (or REST_EXEMPT, with a reason).
    expect(naming).toEqual([...Object.keys(REST_CASES), ...Object.keys(REST_EXEMPT)].sort());
  });
});

describe("block = you do not exist", () => {
  it("answers every socket command about a blocker exactly as about a name that never existed", async () => {
    const differences: string[] = [];
    for (const [command, payloads] of Object.entries(SOCKET_CASES) as [Command, Payload[]][]) {
      for (const payload of payloads) {
        sendId = randomUUID();
        const blocked = await ask(stranger.socket, command, payload(alice.username));
        const never = await ask(stranger.socket, command, payload(missing));
        const [a, b] = [about(blocked, alice.username), about(never, missing)];
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          differences.push(`${command} ${JSON.stringify(payload("<name>"))}\n  blocker: ${JSON.stringify(a)}\n  missing: ${JSON.stringify(b)}`);
        }
      }
    }
    expect(differences.join("\n")).toBe("");
  });

  it("answers every REST route about a blocker exactly as about a name that never existed", async () => {
    const differences: string[] = [];
    for (const [file, requests] of Object.entries(REST_CASES)) {
      for (const request of requests) {
        const answer = async (name: string) => {
          const response = await fetch(`${server.url}${request.path(name)}`, {
            method: request.method,
            headers: { cookie: stranger.cookie, ...request.headers?.(stranger) },
          });
          return about({ status: response.status, type: response.headers.get("content-type"), body: await response.text() }, name);
        };
        const [a, b] = [await answer(alice.username), await answer(missing)];
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          differences.push(`${file} ${JSON.stringify(request.headers?.(stranger) ?? {})}\n  blocker: ${JSON.stringify(a)}\n  missing: ${JSON.stringify(b)}`);
        }
      }
    }
    expect(differences.join("\n")).toBe("");
  });

  it("gives a blocked sender no heads-up about a blocker's inbox rules, which others are told before writing", async () => {
    const other = await person("carol");
    try {
      for (const acceptFrom of ["contacts", "nobody"] as const) {
        expect((await ask(alice.socket, "im:set-settings", { acceptFrom })).ok).toBe(true);
        const blocked = await ask(stranger.socket, "im:delivery-notice", { to: alice.username });
        const never = await ask(stranger.socket, "im:delivery-notice", { to: missing });
        expect(about(blocked, alice.username)).toEqual(about(never, missing));
        expect(blocked).toEqual({ ok: true, data: { refuses: null } });
        // The same question from someone not blocked is told: the heads-up is real, the block hides it.
        const told = await ask(other.socket, "im:delivery-notice", { to: alice.username });
        expect(told).toEqual({ ok: true, data: { refuses: acceptFrom === "nobody" ? "nobody" : "contacts-only" } });
      }
    } finally {
      expect((await ask(alice.socket, "im:set-settings", { acceptFrom: "everyone" })).ok).toBe(true);
      other.socket.close();
    }
  });

  /** A lookup by the stranger, timed: the socket command, and the REST route as JSON and as PIDF. */
  const lookups: [string, (name: string) => Promise<unknown>][] = [
    ["socket presence:fetch", (name) => ask(stranger.socket, "presence:fetch", { username: name })],
    ...(["application/json", "application/pidf+xml"] as const).map((accept): [string, (name: string) => Promise<unknown>] => [
      `REST GET /api/presence/{username} (${accept})`,
      async (name) => {
        const response = await fetch(`${server.url}/api/presence/${name}`, { headers: { cookie: stranger.cookie, accept } });
        return response.text();
      },
    ]),
  ];

  it.each(lookups)("answers a lookup of a blocker in the same time as one of a name that never existed: %s", async (_label, lookup) => {
    const lookupTime = async (name: string) => {
      const started = process.hrtime.bigint();
      await lookup(name);
      return Number(process.hrtime.bigint() - started);
    };
    for (let warm = 0; warm < 20; warm += 1) {
      await lookupTime(alice.username);
      await lookupTime(missing);
    }
    const PAIRS = 200;
    let blockerFaster = 0;
    for (let pair = 0; pair < PAIRS; pair += 1) {
      // Alternate which goes first, so that order itself favours neither.
      const first = pair % 2 === 0 ? alice.username : missing;
      const second = first === missing ? alice.username : missing;
      const times = new Map([[first, await lookupTime(first)], [second, await lookupTime(second)]]);
      if (times.get(alice.username)! < times.get(missing)!) blockerFaster += 1;
    }
    // Same time class: neither answer is faster in (nearly) every pair. The issue measured 192 of 200 on the socket.
    const measured = `the blocker was answered faster in ${blockerFaster} of ${PAIRS} pairs`;
    expect(blockerFaster, measured).toBeGreaterThan(PAIRS * 0.2);
    expect(blockerFaster, measured).toBeLessThan(PAIRS * 0.8);
  });
});

describe("privacy settings of a blocked account", () => {
  it("no longer name the blocker, nor does its export; the blocked account's own rule about it keeps applying", async () => {
    const bob = await person("bob");
    const carol = await person("carol");
    expect((await ask(carol.socket, "profile:set-display-name", { displayName: "Carol Who Blocks" })).ok).toBe(true);
    expect((await ask(bob.socket, "presence:set-status", { availability: "available", note: "for carol" })).ok).toBe(true);
    // bob lets carol see everything and hides his watching from her; then carol blocks bob.
    expect((await ask(bob.socket, "privacy:quick-rule", { username: carol.username, action: "allow" })).ok).toBe(true);
    expect((await ask(bob.socket, "privacy:set-visibility", { username: carol.username, visibility: "hidden" })).ok).toBe(true);
    expect((await ask(carol.socket, "privacy:quick-rule", { username: bob.username, action: "block" })).ok).toBe(true);

    const seen = await ask(bob.socket, "privacy:get");
    if (!seen.ok) throw new Error(JSON.stringify(seen.error));
    const settings = seen.data as PrivacySettings;
    expect(JSON.stringify(settings)).not.toContain(carol.username);
    expect(JSON.stringify(settings)).not.toContain("Carol Who Blocks");
    // Nor does his data export.
    const exported = await (await fetch(`${server.url}/api/account/export`, { headers: { cookie: bob.cookie } })).text();
    expect(exported).toContain(bob.username);
    expect(exported).not.toContain(carol.username);

    // Saving the page as bob sees it keeps his rule about carol: she still sees his note.
    const inputs = settings.rules.map(({ subject, action, hiddenTupleIds, hideLastSeen }) => ({
      subject: subject.type === "user" ? { type: "user", username: subject.username } : subject.type === "group" ? { type: "group", groupId: subject.groupId } : subject,
      action,
      hiddenTupleIds,
      hideLastSeen,
    }));
    const saved = await ask(bob.socket, "privacy:set-rules", { rules: inputs });
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(carol.username);
    expect(await ask(carol.socket, "presence:fetch", { username: bob.username })).toMatchObject({ ok: true, data: { status: { note: "for carol" } } });
    bob.socket.close();
    carol.socket.close();
  });
});
