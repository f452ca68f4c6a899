// A conversation's messages with a separator before each new day ("Today", "Yesterday",
// "Monday 3 November", with the year when it is not this one), in the reader's time zone.

export type DayItem<T> = { type: "day"; key: string; label: string; dateTime: string } | { type: "message"; key: string; message: T };

const dayKey = (date: Date) =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

/** "Today", "Yesterday", or the date: calendar days, not 24-hour spans. */
export function dayLabel(day: Date, now: Date, locale?: string): string {
  if (dayKey(day) === dayKey(now)) return "Today";
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (dayKey(day) === dayKey(yesterday)) return "Yesterday";
  return day.toLocaleDateString(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: day.getFullYear() === now.getFullYear() ? undefined : "numeric",
  });
}

export function withDaySeparators<T extends { key: string; sentAt: string }>(
  messages: T[],
  now: Date,
  locale?: string,
): DayItem<T>[] {
  const items: DayItem<T>[] = [];
  let previous: string | null = null;
  for (const message of messages) {
    const sent = new Date(message.sentAt);
    const key = dayKey(sent);
    if (key !== previous) {
      items.push({ type: "day", key: `day:${key}`, label: dayLabel(sent, now, locale), dateTime: key });
      previous = key;
    }
    items.push({ type: "message", key: message.key, message });
  }
  return items;
}
