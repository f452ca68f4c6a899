import { describe, expect, it } from "vitest";
import { clientNetwork, sameNetwork } from "./client-network";

describe("clientNetwork", () => {
  it("keeps an IPv4 address whole", () => {
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("203.0.113.8")).not.toBe(clientNetwork("203.0.113.7"));
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(clientNetwork("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("::FFFF:127.0.0.1")).toBe("127.0.0.1");
  });

  it("counts an IPv6 address as its /64, however it is written", () => {
    expect(clientNetwork("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:0db8:0001:0002:abcd:ef01:2345:6789")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("2001:DB8:1:2:ffff::9")).toBe("2001:db8:1:2::/64");
    expect(clientNetwork("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(clientNetwork("::1")).toBe("0:0:0:0::/64");
    expect(clientNetwork("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(clientNetwork("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("tells different /64s apart", () => {
    expect(sameNetwork("2001:db8:1:2::1", "2001:db8:1:2:ffff::2")).toBe(true);
    expect(sameNetwork("2001:db8:1:2::1", "2001:db8:1:3::1")).toBe(false);
  });

  it("passes anything else through unchanged (an unknown address is one client)", () => {
    expect(clientNetwork("unknown")).toBe("unknown");
    expect(clientNetwork("")).toBe("");
  });
});
