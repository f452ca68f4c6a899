// GET /api/account/export — everything of my account as one JSON file (docs/export.md).
import { requireSessionUser } from "@/lib/http/caller";
import { route } from "@/lib/http/route";
import type { AccountExport } from "@/lib/protocol/export";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const user = await requireSessionUser(request);
  const data = (await getServices().accountSettings.exportData(user)) satisfies AccountExport;
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="buddylist-${user.username}-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
});
