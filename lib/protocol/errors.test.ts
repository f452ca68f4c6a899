import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ErrorCode, ServiceError, internalError, issuesOf } from "./errors";

describe("ServiceError.toProtocol", () => {
  it("carries the code and message", () => {
    const error = new ServiceError(ErrorCode.not_found, "There is no such user.");
    expect(error).toBeInstanceOf(Error);
    expect(error.toProtocol()).toEqual({ code: "not_found", message: "There is no such user." });
  });

  it("includes field issues and retry-after when given", () => {
    const issues = [{ path: "note", message: "Too long." }];
    expect(new ServiceError(ErrorCode.invalid_payload, "Check the form.", { issues }).toProtocol()).toEqual({
      code: "invalid_payload",
      message: "Check the form.",
      issues,
    });
    expect(new ServiceError(ErrorCode.rate_limited, "Slow down.", { retryAfter: 12 }).toProtocol()).toEqual({
      code: "rate_limited",
      message: "Slow down.",
      retryAfter: 12,
    });
  });

  it("does not leak the stack or other Error fields", () => {
    const wire = new ServiceError(ErrorCode.conflict, "Taken.").toProtocol();
    expect(Object.keys(wire).sort()).toEqual(["code", "message"]);
  });

  it("has a generic internal error that reveals nothing", () => {
    expect(internalError).toEqual({ code: "internal", message: "Something went wrong on the server." });
  });
});

describe("issuesOf", () => {
  it("joins nested paths with dots, array indices included", () => {
    const schema = z.object({ tuples: z.array(z.object({ address: z.string().min(1, "Enter an address.") })) });
    const result = schema.safeParse({ tuples: [{ address: "ok" }, { address: "" }] });
    expect(result.success).toBe(false);
    expect(issuesOf(result.error!)).toEqual([{ path: "tuples.1.address", message: "Enter an address." }]);
  });

  it("gives an empty path for a problem with the whole payload", () => {
    const result = z.object({}).strict().safeParse("text");
    expect(issuesOf(result.error!)).toEqual([{ path: "", message: expect.any(String) }]);
  });

  it("keeps every issue, in order", () => {
    const result = z.object({ a: z.string(), b: z.number() }).safeParse({});
    expect(issuesOf(result.error!).map((issue) => issue.path)).toEqual(["a", "b"]);
  });
});
