// Tells whether the person is at this tab: idle once there has been no input (pointer,
// keyboard, touch, wheel, scroll) for `idleAfterMs`. A hidden page gets no input, so it turns
// idle after the same span; showing the page again counts as activity.

export const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll"] as const;

type Options = {
  idleAfterMs: number;
  /** Called on each transition only. */
  onChange: (idle: boolean) => void;
  target?: EventTarget;
  page?: EventTarget & { visibilityState: DocumentVisibilityState };
  now?: () => number;
};

export function watchIdle({ idleAfterMs, onChange, target = window, page = document, now = Date.now }: Options) {
  let idle = false;
  let lastInput = now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  // Input only stamps the time; the timer re-arms itself when it fires early, so a stream of
  // pointermove events costs no timer churn.
  const arm = (delay: number) => {
    clearTimeout(timer);
    timer = setTimeout(check, delay);
  };
  const check = () => {
    const quiet = now() - lastInput;
    if (quiet < idleAfterMs) return arm(idleAfterMs - quiet);
    if (!idle) {
      idle = true;
      onChange(true);
    }
  };
  const onActivity = () => {
    lastInput = now();
    if (idle) {
      idle = false;
      onChange(false);
      arm(idleAfterMs);
    }
  };
  const onVisibility = () => {
    // Browsers slow timers in hidden pages; check again when the page shows or hides.
    if (page.visibilityState === "visible") onActivity();
    else check();
  };

  const listening = { capture: true, passive: true } as const;
  for (const event of ACTIVITY_EVENTS) target.addEventListener(event, onActivity, listening);
  page.addEventListener("visibilitychange", onVisibility);
  arm(idleAfterMs);

  return () => {
    clearTimeout(timer);
    for (const event of ACTIVITY_EVENTS) target.removeEventListener(event, onActivity, listening);
    page.removeEventListener("visibilitychange", onVisibility);
  };
}
