import type { Metadata } from "next";
import { BuddyList } from "@/components/buddy-list/buddy-list";
import { IncomingRequests } from "@/components/buddy-list/incoming-requests";
import { PresenceLookup } from "@/components/buddy-list/presence-lookup";
import { MyStatus } from "@/components/presence/my-status";
import { MyTuples } from "@/components/presence/my-tuples";

export const metadata: Metadata = { title: "Buddy list" };

/**
 * Two columns on wide screens (me on the left, my contacts on the right), one on a phone.
 * The column wrappers dissolve (`contents`) on narrow screens so `order` can put the buddy
 * list right after my status and requests.
 */
export default function HomePage() {
  return (
    <>
      <h1 className="sr-only">buddylist</h1>
      <div className="flex flex-col gap-6 lg:grid lg:grid-cols-[22rem_minmax(0,1fr)] lg:items-start">
        <div className="contents lg:flex lg:flex-col lg:gap-6">
          <MyStatus className="order-1" />
          <IncomingRequests className="order-2" />
          <PresenceLookup className="order-4" />
        </div>
        <div className="contents lg:flex lg:flex-col lg:gap-6">
          <BuddyList className="order-3" />
          <MyTuples className="order-5" />
        </div>
      </div>
    </>
  );
}
