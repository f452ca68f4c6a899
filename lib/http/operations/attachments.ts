// Attachments: the files of messages (each to the two sides of its conversation only) and the
// account's storage quota. Uploads themselves use tus under /api/uploads (docs/protocol.md).
import { z } from "zod";
import { attachmentIdSchema, attachmentUsageSchema } from "@/lib/protocol/attachments";
import type { Operation, OperationGroup } from "./operation";

const binary = (description: string) => ({
  description,
  content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
});

const params = { path: z.object({ id: attachmentIdSchema }) };
const errors = {
  not_found: "No such attachment, or not yours to see (a stranger, a blocked account, a request not accepted yet): the same answer.",
  insufficient_scope: "The access token does not have the `messages` scope.",
} as const;

const file = (id: string, suffix: string, summary: string, description: string): Operation => ({
  id,
  method: "get",
  path: `/api/attachments/{id}${suffix}` as `/api/${string}`,
  summary,
  description,
  auth: "session-or-token",
  params,
  responses: { "200": binary("The bytes, with `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src 'none'; sandbox`.") },
  errors,
});

export const attachments: OperationGroup = {
  tag: {
    name: "Attachments",
    description:
      "Pictures and files sent with messages. The type is sniffed from the bytes; only JPEG, PNG, GIF, WebP and AVIF " +
      "are served inline, everything else (SVG and HTML included) as a download.",
  },
  operations: [
    file(
      "getAttachment",
      "",
      "An attachment's file",
      "Images are stored re-encoded without metadata (EXIF, GPS), orientation applied.",
    ),
    file("getAttachmentThumbnail", "/thumbnail", "An image's thumbnail (WebP, at most 320 px)", "Only for images."),
    file("getAttachmentPreview", "/preview", "An image's preview (WebP, at most 1600 px)", "Only for images."),
    {
      id: "getAttachmentUsage",
      method: "get",
      path: "/api/account/attachments",
      summary: "How much of the account's storage quota its files use",
      auth: "session-or-token",
      responses: { "200": { description: "The usage.", content: { "application/json": { schema: attachmentUsageSchema } } } },
      errors: { insufficient_scope: errors.insufficient_scope },
    },
  ],
};
