// socket.io's encoder walks every payload it sends in search of binary data (hasBinary), to send
// it as attachments: a connect's snapshots and every notification were walked object by object
// (2.5 % of a connect's CPU). buddylist's protocol is JSON only (docs/protocol.md; files go over
// HTTP), so the server writes each packet as text straight away, as socket.io writes a packet
// without binary data. Decoding stays socket.io's own.
import { Decoder, Encoder, type Packet } from "socket.io-parser";

export class JsonEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    // socket.io-parser's text form: type, namespace unless "/", ack id, JSON data.
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== "/") text += `${packet.nsp},`;
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += JSON.stringify(packet.data);
    return [text];
  }
}

/** The `parser` option of the socket.io server. */
export const jsonParser = { Encoder: JsonEncoder, Decoder };
