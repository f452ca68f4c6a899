// Fuzzing every socket command and every REST route with payloads generated from their zod
// schemas: valid-looking, invalid, oversized and carrying prototype keys. Whatever comes in,
// nothing is a 500 or `internal`, every emit with an ack is answered, nothing is logged as an
// error, and the server stays healthy. Seeded: FUZZ_SEED=<n> replays a run (the seed is printed).
// Bounded: a fixed number of cases (about 1 200), and a time budget on a slow machine.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_SOCKET_PAYLOAD_BYTES, usernameRefSchema } from "@/lib/protocol";
import { changePasswordSchema, deleteAccountSchema, signInSchema, signUpSchema } from "@/lib/protocol/account";
import { accountSearchSchema, createInviteSchema, setSuspendedSchema } from "@/lib/protocol/admin";
import { newPushSubscriptionSchema, pushSettingsSchema } from "@/lib/protocol/push";
import { commandTable } from "@/lib/realtime/handlers";
import { connect, newUser, removeDataDir, startServer, type TestServer, type TestSocket } from "./harness";
import { payloadArbitrary, type Sample } from "./zod-arbitrary";

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES_PER_COMMAND = 24;
const CASES_PER_ROUTE = 16;
/** A slow machine runs fewer cases, never longer: the seed decides the cases, this where they stop. */
const SOCKET_BUDGET_MS = 30_000;
const REST_BUDGET_MS = 20_000;

const commands = commandTable;

let server: TestServer;
let me: Awaited<ReturnType<typeof newUser>>;
let peer: Awaited<ReturnType<typeof newUser>>;
let logMark = 0;

beforeAll(async () => {
  console.log(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  server = await startServer();
  // The first account is the administrator, so the admin routes are fuzzed past their guard.
  me = await newUser(server, "fuzz");
  peer = await newUser(server, "peer");
  logMark = server.logs.length;
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  await removeDataDir(server.dataDir);
});

/** Reports what went wrong with the seed, the case and the answer. */
function failure(what: string, sample: Sample, answer: unknown): string {
  const shown = JSON.stringify(sample.payload)?.slice(0, 200);
  return `${what} [${sample.kind}] ${shown} → ${JSON.stringify(answer)?.slice(0, 300)} (FUZZ_SEED=${SEED})`;
}

describe("socket commands", () => {
  it("answers every command, whatever its payload, and never with internal", async () => {
    const { socket } = await connect(server, me.cookie);
    let disconnected = "";
    socket.on("disconnect", (reason) => (disconnected = reason));
    const problems: string[] = [];
    const tally: Record<string, number> = {};
    const names = [peer.username, me.username];
    // Under the frame limit (bigger frames close the socket before they are parsed: tested elsewhere).
    const oversizedBytes = MAX_SOCKET_PAYLOAD_BYTES / 2;
    // Every command's cases, then played round by round: a time budget cut short on a slow
    // machine leaves every command fuzzed, just less.
    const cases = Object.entries(commands).map(([event, definition], index) => {
      const samples = fc.sample(payloadArbitrary(definition.schema, { names, oversizedBytes }), { seed: SEED + index, numRuns: CASES_PER_COMMAND });
      // Without a payload at all, too.
      return { event, samples: [{ kind: "invalid", payload: undefined } as Sample, ...samples] };
    });
    const deadline = Date.now() + SOCKET_BUDGET_MS;
    rounds: for (let round = 0; round <= CASES_PER_COMMAND; round += 1) {
      if (Date.now() > deadline) {
        console.log(`socket fuzz: time budget spent after ${round} rounds of ${CASES_PER_COMMAND + 1}`);
        break;
      }
      for (const { event, samples } of cases) {
        const sample = samples[round]!;
        const answer = (await emit(socket, event, sample.payload, sample.payload === undefined)) as { ok?: boolean; error?: { code?: string } } | string;
        const code = typeof answer === "string" ? answer : answer.ok ? "ok" : (answer.error?.code ?? "?");
        tally[code] = (tally[code] ?? 0) + 1;
        if (code === "no ack") problems.push(failure(`${event}: no answer`, sample, answer));
        else if (code === "internal") problems.push(failure(`${event}: internal`, sample, answer));
        if (disconnected) {
          problems.push(failure(`${event}: socket closed (${disconnected})`, sample, answer));
          break rounds;
        }
      }
    }
    console.log(`socket answers: ${JSON.stringify(tally)}`);
    expect(problems).toEqual([]);
    socket.close();
  });

  it("answers unknown events and reserved-looking names", async () => {
    const { socket } = await connect(server, me.cookie);
    const names = fc.sample(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("__proto__", "constructor", "hasOwnProperty", "session:ready")), {
      seed: SEED,
      numRuns: 30,
    });
    for (const name of names) {
      if (Object.hasOwn(commands, name) || ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"].includes(name)) continue;
      const answer = await emit(socket, name, { a: 1 }, false);
      expect(answer, `event ${JSON.stringify(name)} (FUZZ_SEED=${SEED})`).toMatchObject({ ok: false, error: { code: "unknown_event" } });
    }
    socket.close();
  });
});

async function emit(socket: TestSocket, event: string, payload: unknown, bare: boolean): Promise<unknown> {
  const timed = socket.timeout(5_000) as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  try {
    return await (bare ? timed.emitWithAck(event) : timed.emitWithAck(event, payload));
  } catch {
    return "no ack";
  }
}

// --- REST ---------------------------------------------------------------------------------

type Route = {
  method: string;
  /** As in app/api: `[name]` is a path parameter. */
  pattern: string;
  /** The path parameter's schema, when there is one. */
  param?: z.ZodType;
  body?: z.ZodType;
  query?: z.ZodType;
  /** A form instead of JSON (Auth.js). */
  form?: boolean;
  /** Real values of the path parameter, tried beside generated ones. */
  known?: string[];
};

const AUTH_ACTIONS = ["session", "csrf", "providers", "signin", "signout", "callback/credentials", "signin/credentials", "error", "verify-request"];

const ROUTES: Route[] = [
  { method: "POST", pattern: "/api/accounts", body: signUpSchema },
  { method: "DELETE", pattern: "/api/account", body: deleteAccountSchema },
  { method: "POST", pattern: "/api/account/password", body: changePasswordSchema },
  { method: "GET", pattern: "/api/account/export" },
  { method: "GET", pattern: "/api/account/attachments" },
  { method: "GET", pattern: "/api/attachments/[id]", param: z.uuid() },
  { method: "GET", pattern: "/api/attachments/[id]/thumbnail", param: z.uuid() },
  { method: "GET", pattern: "/api/attachments/[id]/preview", param: z.uuid() },
  { method: "GET", pattern: "/api/account/sessions" },
  { method: "DELETE", pattern: "/api/account/sessions" },
  { method: "DELETE", pattern: "/api/account/sessions/[id]", param: usernameRefSchema },
  { method: "GET", pattern: "/api/admin/accounts", query: accountSearchSchema },
  { method: "PATCH", pattern: "/api/admin/accounts/[username]", param: usernameRefSchema, body: setSuspendedSchema },
  { method: "GET", pattern: "/api/admin/audit" },
  { method: "GET", pattern: "/api/admin/figures" },
  { method: "GET", pattern: "/api/admin/invites" },
  { method: "POST", pattern: "/api/admin/invites", body: createInviteSchema },
  { method: "DELETE", pattern: "/api/admin/invites/[id]", param: usernameRefSchema },
  { method: "GET", pattern: "/api/auth/[...nextauth]", param: usernameRefSchema, known: AUTH_ACTIONS },
  { method: "POST", pattern: "/api/auth/[...nextauth]", param: usernameRefSchema, body: signInSchema, form: true, known: AUTH_ACTIONS },
  { method: "GET", pattern: "/api/health" },
  { method: "GET", pattern: "/api/openapi.json" },
  { method: "GET", pattern: "/api/presence/[username]", param: usernameRefSchema },
  { method: "GET", pattern: "/api/push/key" },
  { method: "GET", pattern: "/api/push/settings" },
  { method: "PATCH", pattern: "/api/push/settings", body: pushSettingsSchema },
  { method: "GET", pattern: "/api/push/subscriptions" },
  { method: "POST", pattern: "/api/push/subscriptions", body: newPushSubscriptionSchema },
  { method: "DELETE", pattern: "/api/push/subscriptions/[id]", param: usernameRefSchema },
  { method: "GET", pattern: "/api/watchers" },
];

/** Every method every route file under app/api exports, as `METHOD /pattern`. */
function declaredRoutes(): string[] {
  const root = path.resolve(import.meta.dirname, "../../app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const pattern = `/${path.relative(root, dir).split(path.sep).join("/")}`;
        const source = readFileSync(full, "utf8");
        const methods = new Set<string>();
        for (const match of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(match[1]!);
        for (const match of source.matchAll(/export const \{([^}]*)\}/g)) {
          for (const name of match[1]!.split(",").map((part) => part.trim())) if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(name)) methods.add(name);
        }
        for (const method of methods) found.push(`${method} ${pattern}`);
      }
    }
  };
  walk(path.join(root, "api"));
  return found.sort();
}

/** A path parameter: generated, known, or raw text with broken percent-encoding. */
const segmentArbitrary = (schema: z.ZodType, known: string[] = []) =>
  fc.oneof(
    fc.constantFrom(...known, "x"),
    payloadArbitrary(schema, { oversizedBytes: 4_000, names: [] })
      .map((sample) => (typeof sample.payload === "string" ? sample.payload : JSON.stringify(sample.payload) ?? ""))
      .map((text) => encodeURIComponent(text)),
    fc.constantFrom("%", "%E0%A4%A", "%zz", "%C0%AF", "..%2F..", "%00", "a%2Fb", "__proto__", "constructor"),
  );

describe("REST routes", () => {
  it("the fuzz covers every route in app/api", () => {
    expect(ROUTES.map((route) => `${route.method} ${route.pattern}`).sort()).toEqual(declaredRoutes());
  });

  it("answers every request, whatever it carries, and never with a 500", async () => {
    const problems: string[] = [];
    const tally: Record<string, number> = {};
    type Planned = { route: Route; sample: Sample; target: string; init: RequestInit };
    const plans: Planned[][] = ROUTES.map((route, index) => {
      const bodies = route.body
        ? fc.sample(payloadArbitrary(route.body, { names: [peer.username], oversizedBytes: 20_000 }), { seed: SEED + 1000 + index, numRuns: CASES_PER_ROUTE })
        : Array.from({ length: 3 }, (): Sample => ({ kind: "valid", payload: undefined }));
      const segments = route.param ? fc.sample(segmentArbitrary(route.param, route.known), { seed: SEED + 2000 + index, numRuns: bodies.length }) : [];
      const queries = route.query ? fc.sample(segmentArbitrary(route.query), { seed: SEED + 3000 + index, numRuns: bodies.length }) : [];
      return bodies.map((sample, case_) => {
        let target = route.pattern.replace(/\[[^\]]+\]/, segments[case_] ?? "x");
        if (route.query) target += `?q=${queries[case_] ?? ""}&q[]=1&__proto__=1`;
        const headers: Record<string, string> = { cookie: me.cookie, origin: server.url };
        let body: string | undefined;
        if (sample.payload !== undefined) {
          if (route.form) {
            const fields: [string, unknown][] =
              sample.payload !== null && typeof sample.payload === "object" ? Object.entries(sample.payload) : [["x", sample.payload]];
            const text = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
            body = new URLSearchParams(fields.map(([key, value]): [string, string] => [key, text(value)])).toString();
            headers["content-type"] = "application/x-www-form-urlencoded";
          } else {
            body = JSON.stringify(sample.payload) ?? "";
            headers["content-type"] = case_ % 5 === 4 ? "text/plain" : "application/json";
          }
        }
        if (case_ % 4 === 3) headers.accept = ["application/pidf+xml", "*/*;q=2", "a/b/c", "text/html"][Math.floor(case_ / 4) % 4]!;
        return { route, sample, target, init: { method: route.method, headers, body, redirect: "manual" } };
      });
    });
    // Round by round across the routes, so a time budget cut short leaves every route fuzzed.
    const deadline = Date.now() + REST_BUDGET_MS;
    const roundCount = Math.max(...plans.map((plan) => plan.length));
    for (let round = 0; round < roundCount; round += 1) {
      if (Date.now() > deadline) {
        console.log(`REST fuzz: time budget spent after ${round} rounds of ${roundCount}`);
        break;
      }
      for (const plan of plans) {
        const planned = plan[round];
        if (!planned) continue;
        let status: number | string;
        try {
          const response = await fetch(`${server.url}${planned.target}`, planned.init);
          status = response.status;
          await response.arrayBuffer();
        } catch (error) {
          status = `no answer: ${(error as Error).message}`;
        }
        tally[status] = (tally[status] ?? 0) + 1;
        if (typeof status !== "number" || status >= 500) problems.push(failure(`${planned.route.method} ${planned.target.slice(0, 80)}`, planned.sample, status));
      }
    }
    console.log(`HTTP statuses: ${JSON.stringify(tally)}`);
    expect(problems).toEqual([]);
  });
});

describe("afterwards", () => {
  it("is healthy, still serves sockets, and logged no error", async () => {
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const { socket, session } = await connect(server, peer.cookie).catch(async () => connect(server, me.cookie));
    expect(session.user.id).toBeTruthy();
    socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const errors = server.logs.slice(logMark).filter((line) => /"level":(50|60)/.test(line));
    expect(errors.map((line) => line.slice(0, 400))).toEqual([]);
  });
});
