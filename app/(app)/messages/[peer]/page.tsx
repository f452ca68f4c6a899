import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConversationView } from "@/components/chat/conversation-view";
import { GroupConversationView } from "@/components/groups/group-conversation-view";
import { groupIdOfSegment } from "@/lib/client/groups/group-view";
import { parseInboxAddress } from "@/lib/client/im/inbox-address";

type Props = { params: Promise<{ peer: string }>; searchParams: Promise<{ at?: string | string[] }> };

/**
 * The conversation with one person, deep-linkable by username: /messages/alice (or im:alice);
 * or a group's: /messages/group:<id> (a colon is never in a username).
 */
async function addressOf(params: Props["params"]): Promise<{ group: string } | { peer: string }> {
  const { peer } = await params;
  let address: string;
  try {
    address = decodeURIComponent(peer);
  } catch {
    notFound();
  }
  const group = groupIdOfSegment(address);
  if (group !== null) return { group };
  const parsed = parseInboxAddress(address);
  if (!parsed.ok) notFound();
  return { peer: parsed.username };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const address = await addressOf(params);
  return { title: "group" in address ? "Group conversation" : `Messages with ${address.peer}` };
}

export default async function ConversationPage({ params, searchParams }: Props) {
  const address = await addressOf(params);
  const { at } = await searchParams;
  const seq = typeof at === "string" && /^\d{1,10}$/.test(at) ? Number(at) : null;
  if ("group" in address) return <GroupConversationView key={address.group} groupId={address.group} jumpTo={seq} />;
  const { peer } = address;
  return <ConversationView key={peer} peer={peer} jumpTo={seq} />;
}
