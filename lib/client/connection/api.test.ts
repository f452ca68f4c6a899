import { afterEach, describe, expect, it, vi } from "vitest";
import { apiDownload, apiRequest, errorFromAnswer, filenameFromContentDisposition, NETWORK_ERROR } from "./api";

afterEach(() => vi.unstubAllGlobals());

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  const fetch = vi.fn(async () => new Response(body, { status, headers }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("errorFromAnswer", () => {
  it("keeps the server's error with its field issues", () => {
    const error = { code: "forbidden", message: "The password is not right.", issues: [{ path: "currentPassword", message: "The password is not right." }] };
    expect(errorFromAnswer(403, { error })).toEqual(error);
  });

  it("says something readable for bodies that are not our errors", () => {
    expect(errorFromAnswer(401, undefined)).toMatchObject({ code: "unauthorized", message: "Your session has ended. Sign in again." });
    expect(errorFromAnswer(403, { error: "nope" })).toMatchObject({ code: "forbidden" });
    expect(errorFromAnswer(429, {})).toMatchObject({ code: "rate_limited" });
    expect(errorFromAnswer(502, undefined)).toEqual({ code: "internal", message: "Something went wrong on the server (HTTP 502). Try again." });
    expect(errorFromAnswer(500, { error: { code: "made_up", message: "x" } })).toMatchObject({ code: "internal" });
  });
});

describe("apiRequest", () => {
  it("sends JSON with its content type and returns the parsed answer", async () => {
    const fetch = answer(200, JSON.stringify({ ended: 2 }), { "content-type": "application/json" });
    expect(await apiRequest("POST", "/api/x", { a: 1 })).toEqual({ ok: true, data: { ended: 2 } });
    expect(fetch).toHaveBeenCalledWith(
      "/api/x",
      expect.objectContaining({ method: "POST", body: '{"a":1}', headers: expect.objectContaining({ "content-type": "application/json" }) }),
    );
  });

  it("sends no content type without a body", async () => {
    const fetch = answer(200, "{}");
    await apiRequest("GET", "/api/x");
    const init = fetch.mock.calls[0]?.at(1) as RequestInit | undefined;
    expect(init?.headers).not.toHaveProperty("content-type");
    expect(init?.body).toBeUndefined();
  });

  it("maps error answers, JSON or not", async () => {
    answer(422, JSON.stringify({ error: { code: "invalid_payload", message: "The request is not valid.", issues: [{ path: "newPassword", message: "Use at least 10 characters." }] } }));
    expect(await apiRequest("POST", "/api/x", {})).toEqual({
      ok: false,
      error: { code: "invalid_payload", message: "The request is not valid.", issues: [{ path: "newPassword", message: "Use at least 10 characters." }] },
    });
    answer(502, "<html>Bad gateway</html>");
    expect(await apiRequest("GET", "/api/x")).toMatchObject({ ok: false, error: { code: "internal" } });
  });

  it("turns a network failure into an error, never a throw", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    expect(await apiRequest("GET", "/api/x")).toEqual({ ok: false, error: NETWORK_ERROR });
  });
});

describe("apiDownload", () => {
  it("returns the file and the name the server gave it", async () => {
    answer(200, '{"format":"buddylist-export"}', { "content-disposition": 'attachment; filename="buddylist-ann-2026-11-24.json"' });
    const ack = await apiDownload("/api/account/export", "export.json");
    expect(ack.ok && ack.data.filename).toBe("buddylist-ann-2026-11-24.json");
    expect(ack.ok && (await ack.data.blob.text())).toBe('{"format":"buddylist-export"}');
  });

  it("maps a refusal like any other call", async () => {
    answer(401, JSON.stringify({ error: { code: "unauthorized", message: "Sign in first." } }));
    expect(await apiDownload("/api/account/export", "export.json")).toEqual({ ok: false, error: { code: "unauthorized", message: "Sign in first." } });
  });
});

describe("filenameFromContentDisposition", () => {
  const name = (header: string | null) => filenameFromContentDisposition(header, "fallback.json");

  it("reads quoted, plain and UTF-8 names, preferring filename*", () => {
    expect(name('attachment; filename="buddylist-bob-2026-11-24.json"')).toBe("buddylist-bob-2026-11-24.json");
    expect(name("attachment; filename=plain.json")).toBe("plain.json");
    expect(name('attachment; filename="a \\"quoted\\" name.json"')).toBe('a "quoted" name.json');
    expect(name("attachment; filename=\"fallback-ascii.json\"; filename*=UTF-8''J%C3%BCrgen.json")).toBe("Jürgen.json");
    expect(name('ATTACHMENT; FILENAME="upper.json"')).toBe("upper.json");
  });

  it("drops folders and falls back when there is no usable name", () => {
    expect(name('attachment; filename="../../etc/passwd"')).toBe("passwd");
    expect(name('attachment; filename="C:\\\\evil\\\\x.json"')).toBe("x.json");
    expect(name("attachment")).toBe("fallback.json");
    expect(name(null)).toBe("fallback.json");
    expect(name('attachment; filename=".."')).toBe("fallback.json");
    expect(name("attachment; filename*=UTF-8''%E0%A4%A.json")).toBe("fallback.json");
  });
});
