// POLLERS over REST: a presentity's presence as the caller may see it, and the caller's own
// WATCHER INFORMATION, each as JSON or in its IETF format.
import { z } from "zod";
import { PIDF_MEDIA_TYPE } from "@/lib/presence/formats/pidf";
import { WATCHERINFO_MEDIA_TYPE } from "@/lib/presence/formats/watcherinfo";
import { presenceViewSchema, usernameRefSchema, watcherInformationSchema } from "@/lib/protocol";
import type { OperationGroup } from "./operation";

// represent() answers these itself: they are not ProtocolErrors.
const notModified = { description: "Unchanged since the ETag in If-None-Match." };
const notAcceptable = {
  description: "The Accept header is malformed or asks for a type that is not offered.",
  content: {
    "application/json": {
      schema: z.object({ error: z.object({ code: z.literal("not_acceptable"), message: z.string(), offered: z.array(z.string()) }) }),
    },
  },
};
const etagHeaders = {
  ETag: { description: "Changes when the representation changes.", schema: { type: "string" as const } },
};

export const pollers: OperationGroup = {
  tag: {
    name: "Pollers",
    description: "POLLERS look a presentity up again and again; every poll shows in its watcher information. Bots use an access token.",
  },
  operations: [
    {
      id: "pollPresence",
      method: "get",
      path: "/api/presence/{username}",
      summary: "Poll a presentity's presence, as the caller may see it",
      auth: "session-or-token",
      params: { path: z.object({ username: usernameRefSchema }) },
      responses: {
        "200": {
          description: "The presence (JSON by default, PIDF with Accept: application/pidf+xml).",
          headers: etagHeaders,
          content: {
            "application/json": { schema: presenceViewSchema },
            [PIDF_MEDIA_TYPE]: { schema: z.string().meta({ description: "An RFC 3863 PIDF document with RPID." }) },
          },
        },
        "304": notModified,
        "406": notAcceptable,
      },
      errors: {
        not_found: "No such account — or one whose rules block the caller; the two are indistinguishable.",
        rate_limited: "Too many polls by this caller; Retry-After says how long to wait.",
      },
    },
    {
      id: "getWatcherInformation",
      method: "get",
      path: "/api/watchers",
      summary: "The caller's own watcher information",
      auth: "session-or-token",
      responses: {
        "200": {
          description: "Who watched the caller (JSON by default, RFC 3858 with Accept: application/watcherinfo+xml).",
          headers: etagHeaders,
          content: {
            "application/json": { schema: watcherInformationSchema },
            [WATCHERINFO_MEDIA_TYPE]: { schema: z.string().meta({ description: "An RFC 3858 watcherinfo document." }) },
          },
        },
        "304": notModified,
        "406": notAcceptable,
      },
    },
  ],
};
