// Types of the parts of @xmpp/client the tests use; the package ships none.
declare module "@xmpp/client" {
  import type { EventEmitter } from "node:events";
  import type { Element } from "@xmpp/xml";

  export interface Client extends EventEmitter {
    start(): Promise<{ toString(): string }>;
    stop(): Promise<void>;
    send(stanza: Element): Promise<void>;
    iqCaller: { request(stanza: Element, timeout?: number): Promise<Element> };
  }
  export function client(options: Record<string, unknown>): Client;
  export { default as xml } from "@xmpp/xml";
}
