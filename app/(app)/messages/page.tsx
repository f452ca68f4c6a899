import { NoConversation } from "@/components/chat/no-conversation";

export default function MessagesPage() {
  return <NoConversation />;
}
