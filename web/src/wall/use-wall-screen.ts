import { useEffect, useRef, useState } from 'react';
import { burnInOffset } from './burn-in';
import { dimmedAt, type DimSchedule } from './dimming';

/** The burn-in offset of the layout, one step further every `periodMs` (0: never moves). */
export function useBurnIn(periodMs: number): { x: number; y: number } {
  const [step, setStep] = useState(0);
  useEffect(() => {
    if (periodMs <= 0) return;
    const timer = setInterval(() => setStep((s) => s + 1), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return burnInOffset(step);
}

/** Whether the schedule dims the screen now (browser local time), looked at every 20 s. */
export function useDimmed(schedule: DimSchedule | null): boolean {
  const at = () => {
    const d = new Date();
    return schedule !== null && dimmedAt(schedule, d.getHours(), d.getMinutes());
  };
  const [dimmed, setDimmed] = useState(at);
  useEffect(() => {
    setDimmed(at());
    if (!schedule) return;
    const timer = setInterval(() => setDimmed(at()), 20_000);
    return () => clearInterval(timer);
    // The schedule object is made anew with each parse of the URL; its fields are what matter.
  }, [schedule?.from, schedule?.to]);
  return dimmed;
}

/**
 * Reloads the page when the server it reconnected to is another build than
 * the one it first spoke to: an upgrade reaches every screen without anyone
 * walking up to it.
 */
export function useReloadOnUpgrade(build: { version: string; revision: string } | null): void {
  const first = useRef<string | null>(null);
  const id = build ? `${build.version}+${build.revision}` : null;
  useEffect(() => {
    if (id === null) return;
    if (first.current === null) first.current = id;
    else if (first.current !== id) location.reload();
  }, [id]);
}
