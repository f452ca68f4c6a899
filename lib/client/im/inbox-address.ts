// An INSTANT INBOX ADDRESS as the person types it: `alice` or `im:alice`, any case.
import { usernameSchema } from "@/lib/protocol/account";

export type ParsedAddress = { ok: true; username: string } | { ok: false; message: string };

export function parseInboxAddress(input: string): ParsedAddress {
  const trimmed = input.trim();
  const name = /^im:/i.test(trimmed) ? trimmed.slice(3) : trimmed;
  if (name === "") return { ok: false, message: "Enter a username, such as alice or im:alice." };
  const parsed = usernameSchema.safeParse(name);
  return parsed.success ? { ok: true, username: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? "Not a username." };
}
