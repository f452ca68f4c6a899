// fast-check arbitraries from zod schemas, by way of their JSON Schema (zod's own
// `toJSONSchema`, input side): values shaped like what a schema accepts (most pass it; some fail
// a refinement such as a tuple address rule), wrong values, oversized ones and payloads carrying
// prototype keys. For the fuzz test.
import fc from "fast-check";
import { z } from "zod";

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
};

/** Values that fit the schema's shape; `names` are offered for fields that name an account. */
export function validArbitrary(schema: z.ZodType, names: string[] = []): fc.Arbitrary<unknown> {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return fromJsonSchema(json, names, "");
}

const NAME_FIELDS = new Set(["username", "to", "peer", "prefix"]);

function fromJsonSchema(schema: JsonSchema, names: string[], field: string): fc.Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return fc.oneof(...variants.map((variant) => fromJsonSchema(variant, names, field)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => fromJsonSchema({ ...schema, type }, names, field)));
  switch (schema.type) {
    case "string":
      return stringArbitrary(schema, names, field);
    case "integer":
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -2_147_483_648), max: Math.min(schema.maximum ?? 1e6, 2_147_483_647) });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(schema.items ? fromJsonSchema(schema.items, names, field) : fc.anything(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case "object": {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, fromJsonSchema(value, names, key)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

function stringArbitrary(schema: JsonSchema, names: string[], field: string): fc.Arbitrary<string> {
  if (schema.format === "uuid") return fc.uuid();
  if (schema.format === "date-time") {
    return fc.integer({ min: -86_400_000, max: 400 * 86_400_000 }).map((offset) => new Date(Date.now() + offset).toISOString());
  }
  if (schema.format === "email") return fc.emailAddress();
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  const text = fc.string({ minLength, maxLength, unit: "grapheme" });
  return NAME_FIELDS.has(field) && names.length > 0 ? fc.oneof(fc.constantFrom(...names), text) : text;
}

/** Keys that mean something to JavaScript objects, with values an attacker would choose. */
const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];
const prototypeValue = fc.constantFrom<unknown>({ isAdmin: true, polluted: 1 }, { prototype: { polluted: 1 } }, null, "x", 1);

/** An object with own properties under those keys (as JSON.parse makes them), beside `base`'s. */
function withKey(base: unknown, key: string, value: unknown): unknown {
  const entries = base !== null && typeof base === "object" && !Array.isArray(base) ? Object.entries(base) : [];
  return JSON.parse(`{${[[key, value], ...entries].map(([name, item]) => `${JSON.stringify(name)}:${JSON.stringify(item ?? null)}`).join(",")}}`);
}

export type Sample = { kind: "valid" | "invalid" | "oversized" | "prototype"; payload: unknown };

/** A mix of the four kinds of payload for one schema. `oversizedBytes`: how big a big string is. */
export function payloadArbitrary(schema: z.ZodType, options: { names?: string[]; oversizedBytes: number }): fc.Arbitrary<Sample> {
  const valid = validArbitrary(schema, options.names);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((payload): Sample => ({ kind: "valid", payload })) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.anything({ maxDepth: 3 }),
          // One field of a valid payload replaced by anything, or an extra field.
          fc.tuple(valid, fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 })).map(([base, key, value]) => withKey(base, key, value)),
        )
        .map((payload): Sample => ({ kind: "invalid", payload })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.constantFrom("x", "é", "😀", "\u0000", "%"))
        .map(([base, unit]): Sample => {
          // Sized as sent: JSON escapes a NUL into six bytes.
          const big = unit.repeat(Math.floor(options.oversizedBytes / (Buffer.byteLength(JSON.stringify(unit)) - 2)));
          if (base === null || typeof base !== "object" || Array.isArray(base)) return { kind: "oversized", payload: big };
          const keys = Object.keys(base);
          return { kind: "oversized", payload: keys.length > 0 ? { ...base, [keys[0]!]: big } : { big } };
        }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(valid, fc.constantFrom(...PROTOTYPE_KEYS), prototypeValue)
        .map(([base, key, value]): Sample => ({ kind: "prototype", payload: withKey(base, key, value) })),
    },
  );
}
