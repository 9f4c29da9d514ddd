import type { EolStatus } from '../../shared/reports/skew';
import type { KubernetesRelease } from '../config/report-tables';

const DAY_MS = 86_400_000;

/**
 * End-of-life state of a minor at `now`: past once the end-of-life date has
 * begun (UTC), "eol_soon" within `warningDays` of it, "unknown" when the
 * release table does not list the minor.
 */
export function eolStatus(minor: string, releases: Readonly<Record<string, KubernetesRelease>>, now: number, warningDays: number): EolStatus {
  const release = releases[minor];
  if (!release) return { minor, endOfLife: null, daysLeft: null, state: 'unknown' };
  const eol = Date.parse(`${release.endOfLife}T00:00:00Z`);
  const daysLeft = eol > now ? Math.ceil((eol - now) / DAY_MS) : 0 - Math.floor((now - eol) / DAY_MS);
  const state = now >= eol ? 'past_eol' : daysLeft <= warningDays ? 'eol_soon' : 'supported';
  return { minor, endOfLife: release.endOfLife, daysLeft, state };
}
