// Every operation of the HTTP API, by tag, in the order /developers shows them. A route
// handler under app/api/ that is not described here (or a description without a handler)
// fails lib/http/openapi.test.ts.
import { accountSettings } from "./account-settings";
import { accounts } from "./accounts";
import { admin } from "./admin";
import { attachments } from "./attachments";
import type { OperationGroup } from "./operation";
import { pollers } from "./pollers";
import { push } from "./push";
import { service } from "./service";

export const OPERATION_GROUPS: OperationGroup[] = [accounts, pollers, accountSettings, attachments, push, admin, service];
