"use client";
// REST calls as components use them, in the style of useCommand: an action knows whether it
// is under way and keeps its last error; a resource loads once, again on reload(), and keeps
// showing what it had while it reloads.
import { useCallback, useEffect, useRef, useState } from "react";
import type { Ack, ProtocolError } from "@/lib/protocol/errors";

export type ActionState = { pending: boolean; error: ProtocolError | null };

/** `call` must be stable (a module-level function from lib/client/*-api.ts). */
export function useApiAction<Args extends unknown[], T>(call: (...args: Args) => Promise<Ack<T>>) {
  const [state, setState] = useState<ActionState>({ pending: false, error: null });
  const run = useCallback(
    async (...args: Args): Promise<Ack<T>> => {
      setState({ pending: true, error: null });
      const ack = await call(...args);
      setState({ pending: false, error: ack.ok ? null : ack.error });
      return ack;
    },
    [call],
  );
  const reset = useCallback(() => setState({ pending: false, error: null }), []);
  return { run, reset, ...state };
}

export type ApiResource<D> = {
  /** The last successful answer, kept while a reload is under way and after one failed. */
  data: D;
  error: ProtocolError | null;
  loading: boolean;
  reload: () => void;
};

/**
 * Loads when mounted, when `load` changes (make it with useCallback over what it depends on,
 * e.g. a search query) and on reload(). An answer that arrives after a newer request started
 * is dropped. With `initial` (rendered by the server) nothing is fetched until something
 * changes, so the page appears whole instead of shifting as sections load.
 */
export function useApiResource<T>(load: () => Promise<Ack<T>>, initial: T): ApiResource<T>;
export function useApiResource<T>(load: () => Promise<Ack<T>>): ApiResource<T | null>;
export function useApiResource<T>(load: () => Promise<Ack<T>>, initial?: T): ApiResource<T | null> {
  const [version, setVersion] = useState(0);
  const [answer, setAnswer] = useState<{ load: typeof load; version: number; ack: Ack<T> } | null>(() =>
    initial === undefined ? null : { load, version: 0, ack: { ok: true, data: initial } },
  );
  const [lastData, setLastData] = useState<T | null>(initial ?? null);
  const preloaded = useRef(initial !== undefined);
  useEffect(() => {
    if (preloaded.current) {
      preloaded.current = false;
      return;
    }
    let current = true;
    void load().then((ack) => {
      if (!current) return;
      setAnswer({ load, version, ack });
      if (ack.ok) setLastData(ack.data);
    });
    return () => {
      current = false;
    };
  }, [load, version]);
  const reload = useCallback(() => setVersion((count) => count + 1), []);
  return {
    data: lastData,
    error: answer && !answer.ack.ok ? answer.ack.error : null,
    loading: answer === null || answer.load !== load || answer.version !== version,
    reload,
  };
}
