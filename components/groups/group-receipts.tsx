"use client";
// Under my newest message in a group: "Delivered to 3 of 4 · Read by 2". Hovering or focusing
// it asks the server who (`group:receipts`) and lists them, each as their settings allow.
import { useState } from "react";
import { receiptsText } from "@/lib/client/groups/group-view";
import { useGroupClient } from "@/lib/client/react/client-context";
import type { GroupMessageView, GroupReceipts } from "@/lib/protocol/groups";

type Props = { messageId: string; receipts: NonNullable<GroupMessageView["receipts"]>; nameOf: (username: string) => string };

export function GroupReceiptsLine({ messageId, receipts, nameOf }: Props) {
  const client = useGroupClient();
  const [who, setWho] = useState<GroupReceipts | null>(null);
  const [open, setOpen] = useState(false);
  const text = receiptsText(receipts);
  const show = () => {
    setOpen(true);
    void client.command("receipts", { messageId }).then((ack) => ack.ok && setWho(ack.data));
  };
  const read = who?.members.filter((member) => member.read) ?? [];
  const deliveredOnly = who?.members.filter((member) => member.delivered && !member.read) ?? [];
  const waiting = who?.members.filter((member) => !member.delivered) ?? [];
  const list = (label: string, members: GroupReceipts["members"]) =>
    members.length > 0 ? (
      <p>
        <span className="font-semibold">{label}:</span> {members.map((member) => nameOf(member.username)).join(", ")}
      </p>
    ) : null;
  return (
    <div className="relative mt-0.5 px-1 text-xs text-zinc-600 dark:text-zinc-400" onMouseEnter={show} onMouseLeave={() => setOpen(false)}>
      <button
        type="button"
        data-testid="group-receipts"
        aria-expanded={open}
        onFocus={show}
        onBlur={() => setOpen(false)}
        onClick={() => (open ? setOpen(false) : show())}
        className="rounded hover:underline focus-visible:outline-2 focus-visible:outline-brand"
      >
        {text}
      </button>
      {open ? (
        <div role="status" data-testid="group-receipts-who" className="absolute right-0 bottom-full z-10 mb-1 grid w-56 gap-0.5 rounded-lg border border-zinc-200 bg-white p-2 text-left text-zinc-800 shadow-md dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200">
          {who === null ? (
            <p>Loading…</p>
          ) : (
            <>
              {list("Read by", read)}
              {list("Delivered to", deliveredOnly)}
              {list("Not yet delivered", waiting)}
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
