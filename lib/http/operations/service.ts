// The service itself: its health for load balancers, and this description.
import { healthSchema } from "@/lib/protocol/schemas";
import type { OperationGroup } from "./operation";

export const service: OperationGroup = {
  tag: { name: "Service", description: "For load balancers, monitors and client generators." },
  operations: [
    {
      id: "getHealth",
      method: "get",
      path: "/api/health",
      summary: "Liveness and readiness",
      auth: "none",
      bare: true,
      responses: {
        "200": { description: "Ready.", content: { "application/json": { schema: healthSchema } } },
        "503": { description: "A dependency (database, Redis) is unreachable.", content: { "application/json": { schema: healthSchema } } },
      },
    },
    {
      id: "getOpenApiDescription",
      method: "get",
      path: "/api/openapi.json",
      summary: "This description",
      auth: "none",
      bare: true,
      responses: { "200": { description: "OpenAPI 3.1 JSON." } },
    },
  ],
};
