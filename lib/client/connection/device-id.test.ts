import { describe, expect, it } from "vitest";
import { rememberDeviceId, storedDeviceId } from "./device-id";

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
  };
}

describe("device id", () => {
  it("remembers the id the server gave this tab", () => {
    const storage = memoryStorage();
    expect(storedDeviceId(storage)).toBeUndefined();
    rememberDeviceId("8f1f6b1e-2a4c-4c3e-9a53-2b0f3f0b9d11", storage);
    expect(storedDeviceId(storage)).toBe("8f1f6b1e-2a4c-4c3e-9a53-2b0f3f0b9d11");
  });

  it("ignores a stored value the handshake would refuse", () => {
    const storage = memoryStorage();
    rememberDeviceId("not-a-uuid", storage);
    expect(storedDeviceId(storage)).toBeUndefined();
  });

  it("survives storage that throws", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(storedDeviceId(broken)).toBeUndefined();
    expect(() => rememberDeviceId("8f1f6b1e-2a4c-4c3e-9a53-2b0f3f0b9d11", broken)).not.toThrow();
  });
});
