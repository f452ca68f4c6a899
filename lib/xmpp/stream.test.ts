import type { Element } from "@xmpp/xml";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { XmppUser } from "@/lib/accounts/xmpp-credentials";
import type { Logger } from "@/lib/log";
import type { AppServices } from "@/lib/services";
import type { XmppConfig } from "./config";
import { dispatch } from "./handlers";
import { createResumption } from "./resumption";
import { createXmppStream } from "./stream";
import { parseStanza } from "./test-fixtures";

const user = { id: "u1", username: "alice", sessionId: "s1", tokenId: null } as unknown as XmppUser;

vi.mock("./handlers", () => ({ dispatch: vi.fn() }));
// Any <auth/> signs alice in: what is tested here comes after SASL.
vi.mock("./sasl/authenticate", () => ({
  MECHANISMS: ["PLAIN"],
  createSaslNegotiation: () => ({ auth: async () => ({ kind: "success", data: null, signIn: { ok: true, user } }) }),
}));

const dispatched = vi.mocked(dispatch);
const settle = () => new Promise((resolve) => setImmediate(resolve));

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A stream over a fake transport, signed in, bound, with stream management on. */
async function boundStream() {
  const written: Element[] = [];
  const transport = {
    address: "127.0.0.1",
    saslAllowed: () => true,
    canStartTls: () => false,
    openStream: () => {},
    write: (element: Element) => void written.push(element),
    closeStream: vi.fn(),
    startTls: () => {},
    restart: () => {},
    destroy: () => {},
    pauseReading: vi.fn(),
  };
  const services = {
    xmppCredentials: {},
    presence: { connectDevice: async () => "d1", disconnectDevice: () => {} },
    xmppSessions: { add: () => {}, remove: () => {} },
    xmppDelivery: { sent: async () => {} },
  } as unknown as AppServices;
  const logger = { info: () => {}, warn: () => {}, error: vi.fn() };
  const deps = {
    services,
    config: { domain: "localhost" } as XmppConfig,
    resumption: createResumption(1_000),
    logger: { child: () => logger } as unknown as Logger,
  };
  const stream = createXmppStream(transport, deps);
  stream.opened("localhost", true);
  stream.element(parseStanza("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHg=</auth>"));
  await settle();
  stream.opened("localhost", true);
  stream.element(parseStanza("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"));
  stream.element(parseStanza("<enable xmlns='urn:xmpp:sm:3'/>"));
  await settle();
  expect(written.map((element) => element.name)).toEqual(["stream:features", "success", "stream:features", "iq", "enabled"]);
  written.length = 0;
  return { stream, written, transport, logger };
}

const message = (body: string) => parseStanza(`<message type='chat' to='bob@localhost' id='${body}'><body>${body}</body></message>`);
const bodiesDispatched = () => dispatched.mock.calls.map(([element]) => element.getChildText("body"));

beforeEach(() => {
  dispatched.mockReset();
});

describe("an XMPP stream's stanzas (RFC 6120 §10.1)", () => {
  it("are handled in the order received: the next one starts after a slow one has finished", async () => {
    const { stream, written } = await boundStream();
    const slow = gate();
    dispatched.mockImplementationOnce(() => slow.opened);
    stream.element(message("first, slow"));
    stream.element(message("second"));
    stream.element(parseStanza("<r xmlns='urn:xmpp:sm:3'/>"));
    await settle();
    expect(bodiesDispatched()).toEqual(["first, slow"]);
    // Not acknowledged before it is handled.
    expect(written).toEqual([]);

    slow.open();
    await settle();
    expect(bodiesDispatched()).toEqual(["first, slow", "second"]);
    expect(written.map((element) => [element.name, element.attrs.h])).toEqual([["a", "2"]]);
  });

  it("after one that throws: the error is logged and ends the stream, and nothing after it is handled", async () => {
    const { stream, written, transport, logger } = await boundStream();
    dispatched.mockRejectedValueOnce(new Error("store down"));
    stream.element(message("fails"));
    stream.element(message("after"));
    await settle();
    expect(bodiesDispatched()).toEqual(["fails"]);
    expect(logger.error).toHaveBeenCalledOnce();
    expect(written[0]?.getChild("internal-server-error")).toBeDefined();
    expect(transport.closeStream).toHaveBeenCalledOnce();
  });

  it("before the client's close are handled even if the connection drops before they are, and the stream then ends", async () => {
    const { stream, transport } = await boundStream();
    const slow = gate();
    dispatched.mockImplementationOnce(() => slow.opened);
    stream.element(message("one"));
    stream.element(message("two"));
    stream.endedByClient();
    stream.lost();
    stream.element(message("after the close"));
    await settle();
    expect(transport.closeStream).not.toHaveBeenCalled();

    slow.open();
    await settle();
    expect(bodiesDispatched()).toEqual(["one", "two"]);
    expect(transport.closeStream).toHaveBeenCalledOnce();
  });

  it("still waiting when the connection is lost are dropped", async () => {
    const { stream } = await boundStream();
    const slow = gate();
    dispatched.mockImplementationOnce(() => slow.opened);
    stream.element(message("in hand"));
    stream.element(message("waiting"));
    await settle();
    stream.lost();
    slow.open();
    await settle();
    expect(bodiesDispatched()).toEqual(["in hand"]);
  });

  it("pause the reading while more than a few wait", async () => {
    const { stream, transport } = await boundStream();
    const slow = gate();
    dispatched.mockImplementationOnce(() => slow.opened);
    for (let i = 0; i < 40; i++) stream.element(message(`m${i}`));
    expect(transport.pauseReading.mock.calls).toEqual([[true]]);
    slow.open();
    await settle();
    expect(dispatched).toHaveBeenCalledTimes(40);
    expect(transport.pauseReading.mock.calls).toEqual([[true], [false]]);
  });
});

describe("a stream restart", () => {
  it("drops what the client sent after <auth/> before it saw <success/>", async () => {
    const written: Element[] = [];
    const restart = vi.fn();
    const stream = createXmppStream(
      {
        address: "127.0.0.1",
        saslAllowed: () => true,
        canStartTls: () => false,
        openStream: () => {},
        write: (element) => void written.push(element),
        closeStream: () => {},
        startTls: () => {},
        restart,
        destroy: () => {},
        pauseReading: () => {},
      },
      {
        services: { xmppCredentials: {} } as unknown as AppServices,
        config: { domain: "localhost" } as XmppConfig,
        resumption: createResumption(1_000),
        logger: { child: () => ({ info: () => {}, error: () => {} }) } as unknown as Logger,
      },
    );
    stream.opened("localhost", true);
    stream.element(parseStanza("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAHg=</auth>"));
    stream.element(parseStanza("<iq type='set' id='early'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>"));
    await settle();
    expect(restart).toHaveBeenCalledOnce();
    expect(written.map((element) => element.name)).toEqual(["stream:features", "success"]);
  });
});
