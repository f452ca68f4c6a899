import { describe, expect, it } from "vitest";
import { commandClassOf } from "./command-class";
import { translateStanza } from "./stanza";
import { parseStanza } from "./test-fixtures";

const classOf = (text: string, toRoom = false) => {
  const translated = translateStanza(parseStanza(text));
  if (!translated.ok) throw new Error(translated.message);
  return commandClassOf(translated.stanza, toRoom);
};

describe("the rate-limit class of an XMPP stanza", () => {
  it("is the class of the socket command doing the same", () => {
    expect(classOf("<message type='chat' to='bob@x'><body>hi</body></message>")).toBe("messaging");
    expect(classOf("<message type='chat' to='bob@x'><composing xmlns='http://jabber.org/protocol/chatstates'/></message>")).toBe("messaging");
    expect(classOf("<message type='groupchat' to='g1@groups.x'><body>hi</body></message>", true)).toBe("messaging");
    expect(classOf("<message type='groupchat' to='g1@groups.x'><subject>New name</subject></message>", true)).toBe("settings");
    expect(classOf("<presence><show>away</show></presence>")).toBe("presence");
    expect(classOf("<presence type='unavailable'/>")).toBe("presence");
    expect(classOf("<presence type='subscribe' to='bob@x'/>")).toBe("subscription");
    expect(classOf("<presence type='subscribed' to='bob@x'/>")).toBe("subscription");
    expect(classOf("<presence type='probe' to='bob@x'/>")).toBe("lookup");
    expect(classOf("<presence to='g1@groups.x/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>", true)).toBe("lookup");
    expect(classOf("<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>")).toBe("lookup");
    expect(classOf("<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>")).toBe("lookup");
    expect(classOf("<iq type='set' id='1'><query xmlns='urn:xmpp:mam:2'/></iq>")).toBe("lookup");
    expect(classOf("<iq type='get' id='1'><request xmlns='urn:xmpp:http:upload:0' filename='a.png' size='10'/></iq>")).toBe("messaging");
    expect(classOf("<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='bob@x'><group>Friends</group></item></query></iq>")).toBe("settings");
    expect(classOf("<iq type='set' id='1'><query xmlns='jabber:iq:roster'><item jid='bob@x' subscription='remove'/></query></iq>")).toBe("subscription");
    expect(classOf("<iq type='set' id='1'><block xmlns='urn:xmpp:blocking'><item jid='bob@x'/></block></iq>")).toBe("settings");
    expect(classOf("<iq type='set' id='1'><vCard xmlns='vcard-temp'><FN>A</FN></vCard></iq>")).toBe("settings");
  });
});
