import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
  reload(): void;
}

/**
 * Loads what a view shows; reloads when `key` changes or on reload(). An answer that arrives after
 * a newer request started is dropped, so a slow filter never overwrites a faster later one.
 */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const seq = ++latest.current;
    setState((current) => ({ ...current, loading: true }));
    loadRef.current().then(
      (data) => seq === latest.current && setState({ data, loading: false }),
      (error: Error) => seq === latest.current && setState((current) => ({ data: current.data, error: error.message, loading: false })),
    );
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
