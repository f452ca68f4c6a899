// The XML stream reader (RFC 6120 §11): saxes, a maintained conforming streaming parser, turned
// into what the connection wants — the stream header, then each top-level stanza as an
// @xmpp/xml element. ltx (behind @xmpp/xml's own Parser) skips comments, processing
// instructions and DTDs without saying so; XMPP's restricted XML (§11.1) refuses them, so this
// reader reports them as `restricted-xml`, and anything saxes finds malformed (an undefined
// entity among others: without a DTD only the five predefined ones exist) as `not-well-formed`.
import { EventEmitter } from "node:events";
import xml, { type Element } from "@xmpp/xml";
import { SaxesParser, type SaxesTagPlain } from "saxes";

export type StreamErrorCondition = "not-well-formed" | "restricted-xml";

export interface XmlStreamEvents {
  /** The stream header (`<stream:stream …>`), with no children. */
  start: [header: Element];
  /** A complete top-level stanza (or nonza). */
  element: [element: Element];
  /** The stream was closed (`</stream:stream>`). */
  end: [];
  /** The input broke the rules; nothing more is read. */
  error: [condition: StreamErrorCondition, detail: string];
}

/** The handlers saxes calls, as its on() stores them. */
type SaxesHandlers = {
  openTagHandler: (tag: SaxesTagPlain) => void;
  closeTagHandler: () => void;
  textHandler: (text: string) => void;
  cdataHandler: (text: string) => void;
  commentHandler: () => void;
  piHandler: () => void;
  doctypeHandler: () => void;
  errorHandler: (error: Error) => void;
};

export class XmlStreamParser extends EventEmitter<XmlStreamEvents> {
  private readonly saxes = new SaxesParser({ xmlns: false });
  private header: Element | null = null;
  /** The element being read (below the header), innermost. */
  private cursor: Element | null = null;
  private failed = false;

  /**
   * A stanza whose closing tag was just read, held until the next token: saxes reports the
   * elements a mismatched closing tag pops (as closed) before it says the tag was wrong.
   */
  private closed: Element | null = null;

  constructor() {
    super();
    // Stored by name, not with saxes.on(): on() stores each handler under a computed name, and
    // past the seventh V8 turns the parser's properties into a hash table (3 KB a connection,
    // and slower reads of its state on every character). These are the names on() stores under.
    const saxes = this.saxes as unknown as SaxesHandlers;
    saxes.openTagHandler = (tag) => this.open(tag.name, tag.attributes as Record<string, string>);
    saxes.closeTagHandler = () => this.close(); // self-closing tags too
    saxes.textHandler = (text) => this.text(text);
    saxes.cdataHandler = (text) => this.text(text);
    saxes.commentHandler = () => this.fail("restricted-xml", "Comments are not allowed in XMPP.");
    saxes.piHandler = () => this.fail("restricted-xml", "Processing instructions are not allowed in XMPP.");
    saxes.doctypeHandler = () => this.fail("restricted-xml", "Document type declarations are not allowed in XMPP.");
    saxes.errorHandler = (error) => {
      if (/close tag|closing tag/.test(error.message)) this.closed = null; // it was not closed after all
      // An entity reference other than the five predefined ones is restricted (§11.1); saxes says so only in its message.
      this.fail(/undefined entity/i.test(error.message) ? "restricted-xml" : "not-well-formed", error.message);
    };
  }

  write(text: string) {
    if (this.failed) return;
    this.saxes.write(text);
    this.flush();
  }

  private flush() {
    const element = this.closed;
    this.closed = null;
    if (element && !this.failed) this.emit("element", element);
  }

  private open(name: string, attrs: Record<string, string>) {
    this.flush();
    if (this.failed) return; // saxes reads on to the end of the chunk after an error
    const element = xml(name, attrs);
    if (!this.header) {
      this.header = element;
      this.emit("start", element);
      return;
    }
    if (this.cursor) this.cursor.append(element);
    this.cursor = element;
  }

  private text(text: string) {
    this.flush();
    this.cursor?.t(text); // text between stanzas is whitespace keep-alive
  }

  private close() {
    this.flush();
    if (this.failed) return;
    const element = this.cursor;
    if (!element) return void this.emit("end"); // the header's closing tag
    this.cursor = element.parent;
    if (!this.cursor) this.closed = element;
  }

  private fail(condition: StreamErrorCondition, detail: string) {
    this.flush();
    if (this.failed) return;
    this.failed = true;
    this.emit("error", condition, detail);
  }
}
