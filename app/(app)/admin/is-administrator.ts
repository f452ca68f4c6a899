// Whether an account may see the admin area, for server components (the header's link and
// the page). The API checks again on every request; this only decides what to show.
import { getServices } from "@/lib/services";

export function isAdministrator(userId: string): Promise<boolean> {
  return getServices().admin.isAdministrator(userId);
}
