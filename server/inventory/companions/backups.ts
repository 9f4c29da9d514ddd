import type { ScrapedSeries } from '../../fleet/series';
import { COMPANION_METRICS as M } from '../metrics';
import type { VeleroBackups } from '../types';
import { risesSinceEarlier, type CounterInput } from './rise';

/** Whether Velero's backup metrics are federated at all. */
export function veleroSeen(series: ScrapedSeries): boolean {
  return [M.veleroLastSuccess, M.veleroFailures, M.veleroAttempts, M.veleroTotal, M.veleroLastStatus].some((m) => series.has(m));
}

/**
 * Velero's schedules: the last success (velero_backup_last_successful_timestamp,
 * 0 or absent before the first) and the failures since the earlier scrape
 * (velero_backup_failure_total), and whether the last backup failed
 * (velero_backup_last_status, 0 on failure). Velero registers a schedule's series when it
 * first sees the schedule, with `schedule=""` for backups made by hand; a
 * Velero with no schedule exports only the unlabelled velero_backup_total.
 */
export function readVelero(input: CounterInput): VeleroBackups | null {
  const { series } = input;
  if (!veleroSeen(series)) return null;
  const names = new Set<string>();
  const lastSuccess = new Map<string, number>();
  for (const m of [M.veleroLastSuccess, M.veleroFailures, M.veleroAttempts, M.veleroLastStatus])
    for (const s of series.get(m) ?? []) if (s.labels.schedule !== undefined) names.add(s.labels.schedule);
  for (const s of series.get(M.veleroLastSuccess) ?? []) {
    const key = s.labels.schedule ?? '';
    if (s.value > 0) lastSuccess.set(key, Math.max(lastSuccess.get(key) ?? 0, s.value));
  }
  const lastStatus = new Map<string, boolean>();
  for (const s of series.get(M.veleroLastStatus) ?? []) lastStatus.set(s.labels.schedule ?? '', s.value === 0);
  const failures = risesSinceEarlier(input, M.veleroFailures, (labels) => labels.schedule ?? '');
  const schedules = [...names].sort().map((schedule) => ({
    schedule,
    lastSuccess: lastSuccess.get(schedule) ?? null,
    recentFailures: failures ? (failures.rises.get(schedule) ?? 0) : null,
    lastFailed: lastStatus.get(schedule) ?? null,
  }));
  return { schedules, failuresOverMs: failures?.overMs ?? null };
}
