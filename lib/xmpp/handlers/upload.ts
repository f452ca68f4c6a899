// XEP-0363 HTTP File Upload onto the attachments store: a slot request opens an upload exactly
// as the web app's does (same size limit and quota, refused before a byte is sent), and answers
// with one capability URL for the PUT and the GET (upload-urls.ts; the HTTP side is
// xmpp-files.ts). Too large: not-acceptable with file-too-large; over the quota:
// resource-constraint, as the web upload's 413 says either.
import { randomUUID } from "node:crypto";
import xml from "@xmpp/xml";
import { z } from "zod";
import { ErrorCode, isServiceError } from "@/lib/protocol";
import { StanzaError } from "../outbound";
import { filesOrigin, slotUrl } from "../upload-urls";
import { type IqHandlers, payloadKey } from "./context";
import { stanzaErrorOf } from "./errors";

export const UPLOAD_NS = "urn:xmpp:http:upload:0";

const requestSchema = z.object({
  filename: z.string().trim().min(1).max(1024),
  size: z.coerce.number().int().positive(),
  "content-type": z.string().max(256).optional(),
});

export const uploadHandlers: IqHandlers = {
  [payloadKey(UPLOAD_NS, "request")]: {
    get: async (iq, { session, services, domain }) => {
      const parsed = requestSchema.safeParse(iq.element.getChild("request", UPLOAD_NS)?.attrs ?? {});
      if (!parsed.success) throw new StanzaError("bad-request", "modify", "A slot request names the file and its size in bytes.");
      const { filename, size } = parsed.data;
      const { env } = services;
      const id = randomUUID();
      try {
        await services.attachments.openUpload(session.user.id, { id, name: filename, size });
      } catch (error) {
        if (!isServiceError(error) || error.code !== ErrorCode.payload_too_large) throw stanzaErrorOf(error, "iq");
        if (size > env.ATTACHMENT_MAX_BYTES) {
          const tooLarge = xml("file-too-large", { xmlns: UPLOAD_NS }, xml("max-file-size", {}, String(env.ATTACHMENT_MAX_BYTES)));
          throw new StanzaError("not-acceptable", "modify", error.message, tooLarge);
        }
        throw new StanzaError("resource-constraint", "wait", error.message);
      }
      const url = slotUrl(filesOrigin(env, domain), env.AUTH_SECRET, session.user.id, id, filename);
      return xml("slot", { xmlns: UPLOAD_NS }, xml("put", { url }), xml("get", { url }));
    },
  },
};
