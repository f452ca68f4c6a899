// The presence service's timings, in one place.

/** Watch records are aggregated in memory and written at most this often. */
export const WATCH_LOG_FLUSH_MS = 5_000;
/** How often stored statuses are checked for expiry (timers cover the ones in memory). */
export const STATUS_EXPIRY_SWEEP_MS = 30_000;
/** Presentities nobody used for this long, with no open device, are dropped from memory. */
export const PRESENTITY_IDLE_EVICT_MS = 10 * 60 * 1000;
export const EVICTION_SWEEP_MS = 60_000;
/**
 * Changes of one presentity closer together than this reach watchers as one notification
 * (the default of the PRESENCE_COALESCE_MS setting).
 */
export const PRESENCE_COALESCE_MS = 100;

/** The longest delay setTimeout takes (about 24.8 days); a timer for later must be re-armed or swept. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
