import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  reload: () => void;
}

/**
 * Loads `load()` whenever `key` changes (a string naming what is loaded), again on `reload()`,
 * and every `refreshMs` when given (pages that follow deliveries as they happen). An older
 * answer never overwrites a newer one; the last data stays while a reload fails.
 */
export function useResource<T>(
  load: () => Promise<T>,
  key: string,
  refreshMs?: number,
): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiFailure }>({ key });
  const [reloads, setReloads] = useState(0);
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });

  useEffect(() => {
    let current = true;
    const run = () => {
      loader.current().then(
        (data) => {
          if (current) setState({ key, data });
        },
        (error: unknown) => {
          if (!current) return;
          const failure =
            error instanceof ApiFailure
              ? error
              : new ApiFailure({ status: 0, code: 'client_error', message: String(error) });
          setState((previous) => ({
            key,
            data: previous.key === key ? previous.data : undefined,
            error: failure,
          }));
        },
      );
    };
    run();
    const timer = refreshMs ? setInterval(run, refreshMs) : undefined;
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [key, refreshMs, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  // Data of another key is never shown for this one.
  const mine = state.key === key;
  return { data: mine ? state.data : undefined, error: mine ? state.error : undefined, reload };
}

/** The current time, ticking every `intervalMs`: for "3 min ago" that stays true. */
export function useNow(intervalMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
