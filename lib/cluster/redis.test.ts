import { describe, expect, it } from "vitest";
import { MIN_REDIS_MAJOR, redisMajorVersion } from "./redis";

describe("Redis version", () => {
  it("reads the major version from INFO server", () => {
    const info = "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\n";
    expect(redisMajorVersion(info)).toBe(7);
    expect(redisMajorVersion("redis_version:6.2.14\r\n")).toBeLessThan(MIN_REDIS_MAJOR);
    expect(redisMajorVersion("# Server\r\n")).toBeNull();
  });
});
