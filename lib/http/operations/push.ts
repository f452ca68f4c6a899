// Web Push: the server's key, this account's subscribed devices, and what notifications show.
// The browser session only (never a token: a token must not direct notifications elsewhere).
import { z } from "zod";
import {
  newPushSubscriptionSchema,
  pushKeySchema,
  pushSettingsSchema,
  pushSubscriptionIdSchema,
  pushSubscriptionListSchema,
  pushSubscriptionSummarySchema,
} from "@/lib/protocol/push";
import { doneSchema } from "@/lib/protocol/schemas";
import type { OperationGroup } from "./operation";

const json = (description: string, schema: z.ZodType) => ({ description, content: { "application/json": { schema } } });

export const push: OperationGroup = {
  tag: {
    name: "Push notifications",
    description:
      "Web Push (RFC 8030, payloads encrypted as RFC 8291, signed with VAPID, RFC 8292) to the account's devices when " +
      "no tab of it is visible. The session cookie only, never a token.",
  },
  operations: [
    {
      id: "getPushKey",
      method: "get",
      path: "/api/push/key",
      summary: "The server's VAPID public key (applicationServerKey)",
      auth: "session",
      responses: { "200": json("The key.", pushKeySchema) },
    },
    {
      id: "listPushSubscriptions",
      method: "get",
      path: "/api/push/subscriptions",
      summary: "The account's devices subscribed to push, oldest first",
      auth: "session",
      responses: { "200": json("The devices.", pushSubscriptionListSchema) },
    },
    {
      id: "subscribePush",
      method: "post",
      path: "/api/push/subscriptions",
      summary: "Subscribe this device (the browser's PushSubscription.toJSON())",
      description:
        "The device is named from the request's User-Agent. Subscribing an endpoint again replaces its keys and keeps " +
        "its id; an account keeps its 20 newest devices.",
      auth: "session",
      body: newPushSubscriptionSchema,
      responses: { "201": json("The subscribed device.", pushSubscriptionSummarySchema) },
    },
    {
      id: "removePushSubscription",
      method: "delete",
      path: "/api/push/subscriptions/{id}",
      summary: "Stop pushing to one device",
      auth: "session",
      params: { path: z.object({ id: pushSubscriptionIdSchema }) },
      responses: { "200": json("Done.", doneSchema) },
      errors: { not_found: "The account has no device with this id." },
    },
    {
      id: "getPushSettings",
      method: "get",
      path: "/api/push/settings",
      summary: "What push notifications show",
      auth: "session",
      responses: { "200": json("The settings.", pushSettingsSchema) },
    },
    {
      id: "setPushSettings",
      method: "patch",
      path: "/api/push/settings",
      summary: "Change what push notifications show",
      description: 'With showText off, a message\'s notification says only "New message from <username>".',
      auth: "session",
      body: pushSettingsSchema,
      responses: { "200": json("The settings.", pushSettingsSchema) },
    },
  ],
};
