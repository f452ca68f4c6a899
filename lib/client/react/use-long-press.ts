"use client";
// A long-press on a touch screen (held still for LONG_PRESS_MS): the touch way to open a menu.
// Mouse and pen are left alone; moving the finger (scrolling) cancels it.
import { useEffect, useRef } from "react";

export const LONG_PRESS_MS = 500;
const MOVE_PX = 10;

export function useLongPress(onLongPress: () => void) {
  const press = useRef<{ timer: ReturnType<typeof setTimeout>; x: number; y: number } | null>(null);
  const cancel = () => {
    if (press.current) clearTimeout(press.current.timer);
    press.current = null;
  };
  useEffect(() => cancel, []);
  return {
    onPointerDown(event: React.PointerEvent) {
      if (event.pointerType !== "touch") return;
      cancel();
      press.current = { timer: setTimeout(() => ((press.current = null), onLongPress()), LONG_PRESS_MS), x: event.clientX, y: event.clientY };
    },
    onPointerMove(event: React.PointerEvent) {
      const start = press.current;
      if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > MOVE_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    // The browser's own long-press menu would cover ours.
    onContextMenu(event: React.MouseEvent) {
      if ((event.nativeEvent as PointerEvent).pointerType === "touch") event.preventDefault();
    },
  };
}
