// The fast, in-process variant of the model-based privacy test (issue 13): the real services
// and socket layer in this process on a temporary SQLite file, driven over real sockets by the
// same driver as the integration test (tests/integration/privacy-model.test.ts), plus a few
// properties of the model itself. MODEL_RUNS / MODEL_SEED / MODEL_PATH as there, MODEL_LANES for
// how many sequences run at a time. This is where CI's hundreds of sequences come from: with the
// coalescing window at 5 ms and 4 lanes overlapping their round trips, a sequence costs about a
// second of wall time on 2 cores (a spawned server on SQLite takes about 6 s a sequence, two
// instances on PostgreSQL + Redis about 10 s).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stepArbitrary } from "./commands";
import type { Transport } from "./driver";
import { startInProcess } from "./in-process";
import { PresenceModel } from "./presence-model";
import { checkModel, optionsFromEnv } from "./property";

describe("the reference model", () => {
  const names = ["ann", "bob", "cid", "dee"];
  const run = (steps: Parameters<PresenceModel["apply"]>[0][]) => {
    const model = new PresenceModel(names);
    for (let a = 0; a < names.length; a += 1) model.apply({ t: "connect", a }, { deviceKey: `d${a}` });
    for (const raw of steps) {
      // As the driver names them: a create's members are others than the actor.
      const step = raw.t === "gc-create" ? { ...raw, members: [...new Set(raw.members.map((b) => (b >= raw.a ? b + 1 : b)))] } : raw;
      if (model.applicable(step)) model.apply(step, { deviceKey: "dx", expiresAt: "2100-01-01T00:00:00.000Z" });
    }
    return model;
  };
  const steps = fc.array(stepArbitrary(4), { maxLength: 40 });

  it("shows everyone their own presence in full, and only P's own account decides what W sees", () => {
    fc.assert(
      fc.property(steps, (list) => {
        const model = run(list);
        for (let a = 0; a < 4; a += 1) {
          const self = model.view(a, a);
          expect(self).not.toBe("not_found");
          if (self !== "not_found") expect(self.access).toBe("full");
        }
      }),
    );
  });

  it("answers not_found exactly when P blocks W and W neither holds nor follows P; hides P while invisible", () => {
    fc.assert(
      fc.property(steps, (list) => {
        const model = run(list);
        for (let w = 0; w < 4; w += 1) {
          for (let p = 0; p < 4; p += 1) {
            if (w === p) continue;
            const blocked = model.ruleDecision(p, w).action === "block";
            expect(model.view(w, p) === "not_found").toBe(blocked && !model.inList(w, p) && !model.follows_(w, p));
            if (model.accounts[p]!.invisible) expect(["hidden", "not_found"]).toContain(model.kind(w, p));
            const view = model.view(w, p);
            if (model.kind(w, p) === "limited" && view !== "not_found") {
              expect(view.tuples).toEqual([]);
              expect(view.status).toMatchObject({ availability: null, note: null, lastSeenAt: null });
            }
          }
        }
      }),
    );
  });

  it("never lets a receipt flow to a sender whose view of the recipient is hidden", () => {
    fc.assert(
      fc.property(steps, (list) => {
        const model = run(list);
        for (let s = 0; s < 4; s += 1) {
          for (let r = 0; r < 4; r += 1) {
            if (s !== r && ["hidden", "not_found"].includes(model.kind(s, r))) expect(model.receiptsFlow(s, r)).toBe(false);
            if (s !== r && model.typingRelayed(s, r)) expect(["full", "limited"]).toContain(model.kind(r, s));
          }
        }
      }),
    );
  });
});

describe("the reference model of group conversations", () => {
  const names = ["ann", "bob", "cid", "dee"];
  const steps = fc.array(stepArbitrary(4), { minLength: 10, maxLength: 60 });
  const run = (list: Parameters<PresenceModel["apply"]>[0][]) => {
    const model = new PresenceModel(names);
    for (let a = 0; a < names.length; a += 1) model.apply({ t: "connect", a }, { deviceKey: `d${a}` });
    for (const raw of list) {
      const step = raw.t === "gc-create" ? { ...raw, members: [...new Set(raw.members.map((b) => (b >= raw.a ? b + 1 : b)))] } : raw;
      if (model.applicable(step)) model.apply(step, { deviceKey: "dx", expiresAt: "2100-01-01T00:00:00.000Z" });
    }
    return model;
  };
  const blocks = (model: PresenceModel, x: number, y: number) => x !== y && model.ruleDecision(x, y).action === "block";

  it("gives each member only its range, never a blocker's message, and hides exactly what it blocks", () => {
    fc.assert(
      fc.property(steps, (list) => {
        const model = run(list);
        model.chats.groups.forEach((group, g) => {
          for (let a = 0; a < names.length; a += 1) {
            const member = group.members.get(a);
            const held = model.chats.history(g, a);
            if (!member || member.state === "declined") expect(held).toEqual([]);
            for (const { line, hidden } of held) {
              expect(line.ord).toBeGreaterThanOrEqual(member!.from);
              if (member!.until !== null) expect(line.ord).toBeLessThanOrEqual(member!.until);
              if (line.kind !== "message" || line.actor === a) expect(hidden).toBe(false);
              else {
                expect(blocks(model, line.actor, a)).toBe(false);
                expect(hidden).toBe(blocks(model, a, line.actor));
              }
            }
          }
        });
      }),
    );
  });

  it("counts in receipts nobody the sender blocks, and tells nothing of one who looks offline to the sender", () => {
    fc.assert(
      fc.property(steps, (list) => {
        const model = run(list);
        model.chats.groups.forEach((group, g) => {
          for (const line of group.lines) {
            if (line.kind !== "message") continue;
            for (const receipt of model.chats.receipts(g, line)) {
              expect(blocks(model, line.actor, receipt.member)).toBe(false);
              if (!["full", "limited"].includes(model.kind(line.actor, receipt.member))) expect(receipt).toMatchObject({ delivered: false, read: false });
            }
            for (let w = 0; w < names.length; w += 1) {
              if (model.chats.typingReaches(g, line.actor, w)) expect(blocks(model, line.actor, w) || blocks(model, w, line.actor)).toBe(false);
            }
          }
        });
      }),
    );
  });
});

describe("the privacy contract against the model, in process (real services and sockets, SQLite)", () => {
  let server: { transport: Transport; close(): Promise<void> };
  const options = optionsFromEnv({ runs: 188, maxSteps: 25, lanes: 4 });
  beforeAll(async () => {
    server = await startInProcess({ graceMs: 30, coalesceMs: 5 });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it(
    "holds for every watcher after every step of random sequences",
    async () => {
      const stats = await checkModel(server.transport, { ...options, shortExpiry: false });
      expect(stats.sequences).toBe(options.runs);
    },
    60_000 + Math.ceil(options.runs / (options.lanes ?? 1)) * 30_000 + (options.shrinkMs ?? 0),
  );
});
