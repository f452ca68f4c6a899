import { describe, expect, it } from "vitest";
import { bearerMatches, isMetricsRequest, parseListenAddress } from "./endpoint";

describe("the metrics endpoint's rules", () => {
  const token = "a-metrics-token-0123";

  it("accepts only the exact bearer token", () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token.slice(1)}`, token)).toBe(false);
    expect(bearerMatches(token, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches("Bearer ", token)).toBe(false);
  });

  it("matches /metrics with or without a query, nothing else", () => {
    expect(isMetricsRequest("/metrics")).toBe(true);
    expect(isMetricsRequest("/metrics?x=1")).toBe(true);
    expect(isMetricsRequest("/metrics/")).toBe(false);
    expect(isMetricsRequest("/metricsx")).toBe(false);
    expect(isMetricsRequest(undefined)).toBe(false);
  });

  it("splits a listen address, IPv6 in brackets too", () => {
    expect(parseListenAddress("127.0.0.1:9464")).toEqual({ host: "127.0.0.1", port: 9464 });
    expect(parseListenAddress("[::1]:9464")).toEqual({ host: "::1", port: 9464 });
    expect(parseListenAddress("metrics.internal:0")).toEqual({ host: "metrics.internal", port: 0 });
  });
});
