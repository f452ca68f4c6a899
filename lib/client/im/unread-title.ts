// The tab title carries the unread count in front: "(3) Messages · buddylist".

const COUNT_PREFIX = /^\(\d+\+?\) /;

export function titleWithUnread(title: string, unread: number): string {
  const base = title.replace(COUNT_PREFIX, "");
  if (unread <= 0) return base;
  return `(${unread > 99 ? "99+" : unread}) ${base}`;
}
