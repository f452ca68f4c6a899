import fc from "fast-check";
import { Decoder, Encoder, type Packet, PacketType } from "socket.io-parser";
import { describe, expect, it } from "vitest";
import { JsonEncoder } from "./json-encoder";

const decode = (text: string): Packet => {
  const decoder = new Decoder();
  let decoded: Packet | undefined;
  decoder.on("decoded", (packet: Packet) => (decoded = packet));
  decoder.add(text);
  return decoded!;
};

// Packets as the server sends them: events and acks with JSON payloads, connects and errors.
const packetArb = fc.oneof(
  fc.record({
    type: fc.constantFrom(PacketType.EVENT, PacketType.ACK),
    nsp: fc.constantFrom("/", "/admin"),
    data: fc.tuple(fc.string({ minLength: 1 }), fc.jsonValue()).map(([name, payload]) => [name, payload]),
    id: fc.option(fc.nat(), { nil: undefined }),
  }),
  fc.record({ type: fc.constant(PacketType.CONNECT), nsp: fc.constant("/"), data: fc.record({ sid: fc.string() }) }),
  fc.record({ type: fc.constant(PacketType.CONNECT_ERROR), nsp: fc.constant("/"), data: fc.record({ message: fc.string() }) }),
  fc.record({ type: fc.constant(PacketType.DISCONNECT), nsp: fc.constantFrom("/", "/admin") }),
) as fc.Arbitrary<Packet>;

describe("JsonEncoder", () => {
  it("writes every JSON packet exactly as socket.io's own encoder does, and socket.io decodes it back", () => {
    const seed = Number(process.env.ENCODER_SEED ?? Date.now() % 2_147_483_647);
    try {
      fc.assert(
        fc.property(packetArb, (packet) => {
          const [text] = new JsonEncoder().encode(packet);
          expect([text]).toEqual(new Encoder().encode(packet));
          const decoded = decode(text!);
          expect(decoded.type).toBe(packet.type);
          expect(decoded.nsp).toBe(packet.nsp);
          expect(decoded.id).toBe(packet.id);
          // JSON.stringify's own normalisation (-0 → 0) is the wire's.
          expect(decoded.data).toEqual(packet.data === undefined ? undefined : JSON.parse(JSON.stringify(packet.data)));
        }),
        { seed, numRuns: 500 },
      );
    } catch (error) {
      throw new Error(`seed ${seed} (ENCODER_SEED=${seed} repeats it): ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  it("writes one text frame per packet, never attachments", () => {
    expect(new JsonEncoder().encode({ type: PacketType.EVENT, nsp: "/", data: ["im:message", { body: "hi" }], id: 7 })).toEqual([
      '27["im:message",{"body":"hi"}]',
    ]);
  });
});
