"use client";
// A time in the reader's own locale and time zone. The server knows neither, so the text
// appears once the page is live in the browser (hydration always matches); the machine-
// readable value is there from the start.
import { useNow } from "@/lib/client/react/use-now";

export const fullDate = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
export const dayDate = (iso: string) => new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });

type Props = {
  iso: string;
  /** The text, from the time and the clock (e.g. "5 min ago"); the full date and time by default. */
  format?: (iso: string, now: number) => string;
};

export function LocalTime({ iso, format = fullDate }: Props) {
  // Zero while rendering on the server and hydrating; the clock re-renders relative times.
  const now = useNow();
  return (
    <time dateTime={iso} title={now === 0 ? undefined : fullDate(iso)}>
      {now === 0 ? "" : format(iso, now)}
    </time>
  );
}
