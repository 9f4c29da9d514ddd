import { useEffect, useRef, useState, type RefObject } from 'react';

/** Server time (browser clock corrected by the measured skew), ticking every `everyMs`. */
export function useServerNow(clockSkewMs: number, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now + clockSkewMs;
}

/** The content-box size of an element, following resizes. */
export function useSize<T extends HTMLElement>(): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: entry.contentRect.width, height: entry.contentRect.height });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}

/** Index of the panel to show: advances every `periodMs` (0 = never), restarting when the count changes. */
export function useRotation(count: number, periodMs: number): number {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    setIndex(0);
    if (periodMs <= 0 || count <= 1) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % count), periodMs);
    return () => clearInterval(timer);
  }, [count, periodMs]);
  return Math.min(index, Math.max(0, count - 1));
}
