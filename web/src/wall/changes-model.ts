import type { FleetChanges, ChangeKind } from '../../../shared/reports/changes';
import { formatAge } from '../common/format';

/** One line of the "what changed" panel. */
export interface ChangeLine {
  key: string;
  kind: ChangeKind;
  /** The status a transition went to (its colour), else null. */
  status: string | null;
  icon: string;
  cluster: string;
  ago: string;
  text: string;
}

const ICON: Record<ChangeKind, string> = { status: '●', burst: '⚡', version: '⬆', image: '◆' };
const STATUS_ICON: Record<string, string> = { healthy: '✔', degraded: '▲', critical: '✖', unreachable: '⊘', unknown: '?' };

/** The newest changes of the selected clusters, newest first, each with its age as of `now`. */
export function changeLines(report: FleetChanges, now: number, selected: (cluster: string) => boolean, max = 6): ChangeLine[] {
  return report.changes
    .filter((c) => selected(c.cluster))
    .slice(0, max)
    .map((c) => ({
      key: `${c.kind}/${c.cluster}/${c.at}/${c.text}`,
      kind: c.kind,
      status: c.status ?? null,
      icon: c.status ? (STATUS_ICON[c.status] ?? ICON.status) : ICON[c.kind],
      cluster: c.cluster,
      ago: `${formatAge(now - c.at)} ago`,
      text: c.text,
    }));
}
