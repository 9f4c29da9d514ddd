import type { FleetCost } from '../../shared/reports/cost';
import type { FleetSkew } from '../../shared/reports/skew';
import type { ReportDigest } from '../store/records';

const MAX_LINES = 25;
const EOL_RANK = { past_eol: 0, eol_soon: 1, unknown: 2, supported: 3 } as const;

function money(amount: number, currency: string): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The skew report in a few lines: fleet minors, end of life, findings; worst cluster first. */
export function skewDigest(skew: FleetSkew, baseUrl: string): ReportDigest {
  const past = skew.clusters.filter((c) => c.eol?.state === 'past_eol').length;
  const soon = skew.clusters.filter((c) => c.eol?.state === 'eol_soon').length;
  const findings = skew.clusters.reduce((n, c) => n + c.findings.length, 0);
  const rows = [...skew.clusters].sort(
    (a, b) =>
      EOL_RANK[a.eol?.state ?? 'unknown'] - EOL_RANK[b.eol?.state ?? 'unknown'] || b.findings.length - a.findings.length || a.cluster.localeCompare(b.cluster),
  );
  const lines = rows.slice(0, MAX_LINES).map((c) => {
    const eol = c.eol;
    const state = !eol
      ? 'version unknown'
      : eol.state === 'past_eol'
        ? `past end of life (${eol.endOfLife})`
        : eol.state === 'eol_soon'
          ? `end of life ${eol.endOfLife} (${eol.daysLeft} days)`
          : eol.state === 'supported'
            ? 'supported'
            : 'not in the release table';
    return `${c.cluster}: ${eol?.minor ?? '?'} — ${state}; ${plural(c.findings.length, 'skew finding')}`;
  });
  if (rows.length > MAX_LINES) lines.push(`and ${rows.length - MAX_LINES} more clusters`);
  return {
    kind: 'skew',
    title: `Version skew — ${plural(skew.clusters.length, 'cluster')}`,
    summary: `Newest minor ${skew.fleet.newestMinor ?? 'unknown'}; ${skew.fleet.behind.length} behind it; ${past} past end of life, ${soon} near it; ${plural(findings, 'skew finding')}.`,
    lines,
    link: `${baseUrl}/skew`,
  };
}

/** The cost report in a few lines: fleet totals per currency, then the most expensive clusters. */
export function costDigest(cost: FleetCost, baseUrl: string): ReportDigest {
  const totals = cost.fleet.map(
    (f) =>
      `${money(f.daily, f.currency)}/day (${money(f.monthly, f.currency)}/month) over ${plural(f.clusters, 'cluster')}${f.efficiency === null ? '' : `, ${Math.round(f.efficiency * 100)}% efficiency`}`,
  );
  const priced = cost.clusters.flatMap((c) => (c.assets ? [{ c, daily: c.assets.daily }] : []));
  const rows = priced.sort((a, b) => b.daily - a.daily);
  const lines = rows.slice(0, MAX_LINES).map(({ c, daily }) => {
    const idle = c.idle && c.assets && c.assets.hourly.total > 0 ? `, idle ${Math.round((c.idle.total / c.assets.hourly.total) * 100)}%` : '';
    return `${c.cluster}: ${money(daily, c.currency)}/day${idle}`;
  });
  const unpriced = cost.clusters.length - priced.length;
  if (unpriced > 0) lines.push(`${plural(unpriced, 'cluster')} without node capacity data, not priced`);
  return {
    kind: 'cost',
    title: `Cost — ${plural(cost.clusters.length, 'cluster')}`,
    summary: totals.length ? totals.join('; ') : 'No cluster could be priced.',
    lines,
    link: `${baseUrl}/cost`,
  };
}
