import type { Metadata } from "next";
import { BuddyList } from "@/components/buddy-list/buddy-list";

export const metadata: Metadata = { title: "Buddy list" };

export default function HomePage() {
  return <BuddyList />;
}
