// Which of the socket commands' rate-limit classes (lib/realtime/command-classes.ts) an XMPP
// stanza counts against: an account's allowance is one, whichever app spends it, so a flood from
// an XMPP app is cut exactly as the same flood from a tab. Pure.
import type { CommandClass } from "@/lib/realtime/command-classes";
import { UPLOAD_NS } from "./handlers/upload";
import { NS, type Stanza } from "./stanza";

/** `toRoom`: the stanza goes to the group conversations' MUC service or one of its rooms. */
export function commandClassOf(stanza: Stanza, toRoom: boolean): CommandClass {
  switch (stanza.kind) {
    case "message":
      // A room's new subject renames the group (groupchat:rename); everything else a message
      // carries — a body, a chat state, a receipt, a marker — is the web's messaging class.
      return toRoom && stanza.subject !== undefined ? "settings" : "messaging";
    case "presence":
      if (toRoom) return "lookup"; // joining or leaving a room reads it (groupchat:get)
      if (stanza.type === "probe") return "lookup"; // presence:fetch
      if (stanza.type === "available" || stanza.type === "unavailable" || stanza.type === "error") return "presence";
      return "subscription";
    case "iq": {
      const xmlns = stanza.payload?.xmlns;
      if (stanza.type === "get") return xmlns === UPLOAD_NS ? "messaging" : "lookup";
      if (xmlns === NS.mam) return "lookup"; // an archive query is a set
      const removal = xmlns === NS.roster && stanza.element.getChild("query", NS.roster)?.getChild("item")?.attrs.subscription === "remove";
      return removal ? "subscription" : "settings";
    }
  }
}
