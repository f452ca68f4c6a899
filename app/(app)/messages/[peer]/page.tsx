import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConversationView } from "@/components/chat/conversation-view";
import { parseInboxAddress } from "@/lib/client/im/inbox-address";

type Props = { params: Promise<{ peer: string }>; searchParams: Promise<{ at?: string | string[] }> };

/** The conversation with one person, deep-linkable by username: /messages/alice (or im:alice). */
async function peerOf(params: Props["params"]): Promise<string> {
  const { peer } = await params;
  let address: string;
  try {
    address = decodeURIComponent(peer);
  } catch {
    notFound();
  }
  const parsed = parseInboxAddress(address);
  if (!parsed.ok) notFound();
  return parsed.username;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Messages with ${await peerOf(params)}` };
}

export default async function ConversationPage({ params, searchParams }: Props) {
  const peer = await peerOf(params);
  const { at } = await searchParams;
  const seq = typeof at === "string" && /^\d{1,10}$/.test(at) ? Number(at) : null;
  return <ConversationView key={peer} peer={peer} jumpTo={seq} />;
}
