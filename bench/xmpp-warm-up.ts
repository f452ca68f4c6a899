// One raw XMPP sign-in before the measured run (bench/xmpp.ts): stream, SASL PLAIN, bind, roster,
// initial presence, close — what the peer generator does per client — so the code it runs is
// loaded and compiled before the generator reads the server's "before" RSS, as the presence
// scenario's warm-up does for sockets. Plaintext, loopback only.
import net from "node:net";

export function xmppWarmUp(settings: { port: number; domain: string; username: string; password: string; timeoutMs: number }) {
  const { port, domain, username, password } = settings;
  const header = `<?xml version='1.0'?><stream:stream to='${domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
  const plain = Buffer.from(`\0${username}\0${password}`).toString("base64");
  // Each step: what the server's answer must contain before the next request is written.
  const steps: [waitFor: string, send: string][] = [
    ["</stream:features>", `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`],
    ["<success", header],
    ["</stream:features>", "<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>warm-up</resource></bind></iq>"],
    ["</iq>", "<iq type='get' id='roster'><query xmlns='jabber:iq:roster'/></iq>"],
    ["</iq>", "<presence><show>away</show><status>warming up</status></presence><iq type='get' id='ping'><ping xmlns='urn:xmpp:ping'/></iq>"],
    ["id='ping'", "</stream:stream>"],
  ];
  return new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => fail(`no answer within ${settings.timeoutMs} ms at step ${step}`), settings.timeoutMs);
    let step = 0;
    let received = "";
    function fail(reason: string) {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(`XMPP warm-up: ${reason}`));
    }
    socket.setEncoding("utf8");
    socket.on("error", (error) => fail(error.message));
    socket.on("connect", () => socket.write(header));
    socket.on("data", (chunk: string) => {
      received += chunk;
      if (/<failure|<stream:error|type='error'/.test(received)) return fail(`the server said ${received.slice(0, 300)}`);
      while (step < steps.length && received.includes(steps[step]![0])) {
        received = received.slice(received.indexOf(steps[step]![0]) + steps[step]![0].length);
        socket.write(steps[step]![1]);
        step += 1;
      }
      if (step === steps.length) {
        clearTimeout(timer);
        socket.end();
        resolve();
      }
    });
  });
}
