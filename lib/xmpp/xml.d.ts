// Types of the parts of @xmpp/xml (xmpp.js' XML over ltx) the endpoint uses; the package ships none.
declare module "@xmpp/xml" {
  import type { EventEmitter } from "node:events";

  export class Element {
    constructor(name: string, attrs?: Record<string, string | undefined>);
    name: string;
    attrs: Record<string, string>;
    children: (Element | string)[];
    parent: Element | null;
    getName(): string;
    getNS(): string | undefined;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getChildElements(): Element[];
    getText(): string;
    text(): string;
    c(name: string, attrs?: Record<string, string | undefined>): Element;
    t(text: string): Element;
    up(): Element;
    append(...nodes: (Element | string)[]): Element;
    toString(): string;
  }

  export class Parser extends EventEmitter {
    write(data: string): void;
    end(data?: string): void;
  }

  type Child = Element | string | null | undefined | false | Child[];
  export default function xml(name: string, attrs?: Record<string, string | undefined> | null, ...children: Child[]): Element;
}
