#!/usr/bin/env python3
"""An XMPP account driven by a test: slixmpp (Debian's python3-slixmpp), a client library nobody
here wrote, signed in to the test server over STARTTLS.

Usage: slix_client.py HOST PORT JID PASSWORD MECHANISM

It prints one JSON object per line for what happens (signed in, failed, every presence and message
stanza received, the roster after each change) and reads one JSON command per line on stdin:
  {"cmd": "roster"}                          roster get; prints {"event": "roster", ...}
  {"cmd": "presence", "show"?, "status"?}    available presence
  {"cmd": "subscribe"|"subscribed"|"unsubscribed", "to": JID}
  {"cmd": "message", "to": JID, "body": TEXT, "id"?: ID}
  {"cmd": "vcard", "to"?: JID}               vCard get (XEP-0054); prints {"event": "vcard", "fn", "nickname", "error"}
  {"cmd": "set_vcard", "fn": TEXT}           vCard set of one's own; prints {"event": "vcard_set", "error"}
  {"cmd": "join", "room": JID, "nick": NICK, "maxstanzas"?: N}
                                             MUC join (XEP-0045) with slixmpp's join_muc_wait; prints
                                             {"event": "joined", "nick", "codes", "subject", "occupants", "history"}
                                             or {"event": "join_failed", "error"}
  {"cmd": "groupchat", "to": ROOM, "body": TEXT}
  {"cmd": "quit"}
Each command is acknowledged with {"event": "done", "cmd": ...} once sent (the roster once
answered). The test decides what to assert; this script only reports.
"""
import asyncio
import json
import ssl
import sys

from slixmpp import ClientXMPP
from slixmpp.exceptions import IqError
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def roster_items(client):
    roster = client.client_roster
    items = {}
    for jid in roster:
        item = roster[jid]
        items[str(jid)] = {
            "subscription": item["subscription"],
            "ask": item["pending_out"],
            "name": item["name"],
            "groups": sorted(item["groups"]),
        }
    return items


class Driven(ClientXMPP):
    def __init__(self, jid, password, mechanism):
        super().__init__(jid, password, sasl_mech=mechanism)
        # The test server's certificate is self-signed: there is no CA to check it with.
        self.ssl_context.check_hostname = False
        self.ssl_context.verify_mode = ssl.CERT_NONE
        # Subscription requests are answered by the test, not automatically.
        self.auto_authorize = None
        self.auto_subscribe = False
        self.register_plugin("xep_0054")
        self.register_plugin("xep_0045")
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("failed_auth", lambda _: self.fail("failed_auth"))
        self.add_event_handler("connection_failed", lambda _: self.fail("connection_failed"))
        self.add_event_handler("roster_update", lambda _: emit("roster_push", items=roster_items(self)))
        self.register_handler(Callback("report presence", StanzaPath("presence"), self.on_presence))
        self.register_handler(Callback("report message", StanzaPath("message"), self.on_message))

    def fail(self, reason):
        emit("failed", reason=reason)
        self.disconnect()

    async def on_start(self, _):
        emit("signed_in", jid=str(self.boundjid))
        asyncio.get_event_loop().add_reader(sys.stdin.fileno(), self.on_line)

    def on_presence(self, presence):
        emit(
            "presence",
            **{"from": str(presence["from"]), "type": presence["type"], "show": presence["show"], "status": presence["status"]},
        )

    def on_message(self, message):
        delay = message.xml.find("{urn:xmpp:delay}delay")
        error = message.xml.find("{jabber:client}error")
        emit(
            "message",
            **{
                "from": str(message["from"]),
                "type": message["type"],
                "id": message["id"],
                "body": message["body"],
                "delay": delay.get("stamp") if delay is not None else None,
                "error": [child.tag.split("}")[-1] for child in error] if error is not None else None,
            },
        )

    def on_line(self):
        line = sys.stdin.readline()
        if not line:
            return self.quit()
        command = json.loads(line)
        asyncio.ensure_future(self.run(command))

    async def run(self, command):
        name = command["cmd"]
        if name == "roster":
            await self.get_roster()
            emit("roster", items=roster_items(self))
        elif name == "presence":
            self.send_presence(pshow=command.get("show"), pstatus=command.get("status"))
        elif name in ("subscribe", "subscribed", "unsubscribed"):
            self.send_presence(pto=command["to"], ptype=name)
        elif name == "message":
            message = self.make_message(mto=command["to"], mbody=command["body"], mtype="chat")
            if command.get("id"):
                message["id"] = command["id"]
            message.send()
        elif name == "vcard":
            try:
                # A bare JID, so slixmpp asks the server rather than answering from its own card.
                answer = await self["xep_0054"].get_vcard(command.get("to") or self.boundjid.bare, local=False)
                card = answer["vcard_temp"]
                emit("vcard", fn=card["FN"], nickname=card["NICKNAME"], error=None)
            except IqError as error:
                emit("vcard", fn=None, nickname=None, error=error.condition)
        elif name == "set_vcard":
            card = self["xep_0054"].make_vcard()
            card["FN"] = command["fn"]
            try:
                await self["xep_0054"].publish_vcard(card)
                emit("vcard_set", error=None)
            except IqError as error:
                emit("vcard_set", error=error.condition)
        elif name == "join":
            try:
                presence, subject, occupants, history = await self["xep_0045"].join_muc_wait(
                    command["room"], command["nick"], maxstanzas=command.get("maxstanzas"), timeout=10
                )
                emit(
                    "joined",
                    nick=presence["from"].resource,
                    codes=sorted(int(code) for code in presence["muc"]["status_codes"]),
                    subject=subject["subject"],
                    occupants=[str(occupant["from"].resource) for occupant in occupants],
                    history=[message["body"] for message in history],
                )
            except Exception as error:  # a refused join: the presence error's condition
                emit("join_failed", error=getattr(error, "condition", None) or repr(error))
        elif name == "groupchat":
            self.make_message(mto=command["to"], mbody=command["body"], mtype="groupchat").send()
        elif name == "quit":
            return self.quit()
        emit("done", cmd=name)

    def quit(self):
        asyncio.get_event_loop().remove_reader(sys.stdin.fileno())
        self.disconnect()


def main():
    host, port, jid, password, mechanism = sys.argv[1:6]
    client = Driven(jid, password, mechanism)
    client.add_event_handler("disconnected", lambda _: (emit("disconnected"), asyncio.get_event_loop().stop()))
    client.connect(address=(host, int(port)))
    asyncio.get_event_loop().run_forever()


if __name__ == "__main__":
    main()
