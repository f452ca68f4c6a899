import { describe, expect, it } from "vitest";
import { POLLER_MAX_AVERAGE_GAP_MS, watcherRole, watcherShown } from "./watcher-role";

const at = (ms: number) => new Date(1_700_000_000_000 + ms);

describe("watcherShown", () => {
  it("names a watcher to a presentity that hides from nobody", () => {
    expect(watcherShown({ hidesFromPresentity: false, presentityHidesFromAnyone: false })).toBe("named");
  });

  it("only counts a watcher that hides its watching from the presentity, whatever the presentity does", () => {
    expect(watcherShown({ hidesFromPresentity: true, presentityHidesFromAnyone: false })).toBe("counted");
    expect(watcherShown({ hidesFromPresentity: true, presentityHidesFromAnyone: true })).toBe("counted");
  });

  it("withholds every name from a presentity that hides its own watching (reciprocity)", () => {
    expect(watcherShown({ hidesFromPresentity: false, presentityHidesFromAnyone: true })).toBe("anonymous");
  });
});

describe("watcherRole", () => {
  it("calls a subscriber a subscriber, whatever else it did", () => {
    const summary = { count: 5, firstAt: at(0), lastAt: at(1_000) };
    expect(watcherRole({ subscribe: summary, poll: summary, fetch: summary })).toBe("subscriber");
  });

  it("calls repeated fetches close together polling, and sparse ones fetching", () => {
    expect(watcherRole({ fetch: { count: 3, firstAt: at(0), lastAt: at(2 * POLLER_MAX_AVERAGE_GAP_MS) } })).toBe("poller");
    expect(watcherRole({ fetch: { count: 3, firstAt: at(0), lastAt: at(2 * POLLER_MAX_AVERAGE_GAP_MS + 2) } })).toBe("fetcher");
    expect(watcherRole({ fetch: { count: 2, firstAt: at(0), lastAt: at(1) } })).toBe("fetcher");
  });
});
