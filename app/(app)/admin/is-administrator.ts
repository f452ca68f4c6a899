// Whether an account may see the admin area, for server components (the header's link and
// the page). The API checks again on every request; this only decides what to show.
import { getServices } from "@/lib/services";

export async function isAdministrator(userId: string): Promise<boolean> {
  try {
    await getServices().admin.requireAdmin(userId);
    return true;
  } catch {
    return false;
  }
}
