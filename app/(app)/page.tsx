import type { Metadata } from "next";
import { isAdministrator } from "@/app/(app)/admin/is-administrator";
import { BuddyList } from "@/components/buddy-list/buddy-list";
import type { Invitation } from "@/components/buddy-list/empty-buddy-list";
import { RecentConversations } from "@/components/buddy-list/recent-conversations";
import { IncomingRequests } from "@/components/buddy-list/incoming-requests";
import { PresenceLookup } from "@/components/buddy-list/presence-lookup";
import { MyStatus } from "@/components/presence/my-status";
import { MyTuples } from "@/components/presence/my-tuples";
import { auth } from "@/lib/auth";
import { getServices } from "@/lib/services";

export const metadata: Metadata = { title: "Buddy list" };

/**
 * One column on a phone; from `lg` me on the left and my contacts on the right; from `xl` my
 * conversations beside the buddy list too (the page asks the layout for more width with
 * `data-wide`). The column wrappers dissolve (`contents`) on narrow screens so `order` can put
 * the buddy list first, right under the status chip.
 */
/** How a newcomer can invite a friend, as this server's SIGNUPS allows (and who may invite). */
async function invitationFor(userId: string | undefined): Promise<Invitation> {
  const { SIGNUPS } = getServices().env;
  if (SIGNUPS === "open") return { kind: "signup" };
  if (SIGNUPS === "invite" && userId && (await isAdministrator(userId))) return { kind: "admin-invites" };
  return null;
}

export default async function HomePage() {
  const session = await auth();
  const invitation = await invitationFor(session?.user.id);
  return (
    <>
      <h1 className="sr-only">buddylist</h1>
      <div
        data-wide
        className="flex flex-col gap-4 sm:gap-6 lg:grid lg:grid-cols-[22rem_minmax(0,1fr)] lg:items-start xl:grid-cols-[20rem_minmax(0,1fr)_22rem]"
      >
        <div className="contents lg:flex lg:flex-col lg:gap-6">
          <MyStatus className="order-1" />
          <IncomingRequests className="order-3" />
          <PresenceLookup className="order-4" />
        </div>
        <div className="contents lg:flex lg:flex-col lg:gap-6">
          <BuddyList className="order-2" invitation={invitation} />
          <MyTuples className="order-5" />
        </div>
        <RecentConversations className="order-6 max-xl:hidden" />
      </div>
    </>
  );
}
