import { cidrOverlap, formatCidr, parseCidr, type CidrRange } from '../../shared/cidr';
import { selectsCluster } from '../../shared/cluster-selector';
import type { Severity } from '../../shared/health';
import { parseLabelSelector } from '../../shared/label-selector';
import type { MissingInput } from '../../shared/reports/common';
import {
  HYGIENE_CHECKS,
  type CidrOverlap,
  type CidrSide,
  type ClusterHygiene,
  type FleetHygiene,
  type HygieneCheck,
  type HygieneFinding,
} from '../../shared/reports/hygiene';
import type { HygieneReportConfig, NetworkGroup } from '../config/schema/reports';
import type { ClusterInventory } from '../inventory/types';
import { apiServerVersions, oldestApiServer } from './api-server-version';
import { HYGIENE_CHECK_SPECS, HYGIENE_RULES, type HygieneCheckSpec, type HygieneRule } from './hygiene-rules';
import { ClusterMemo } from './memo';
import { argoDestination } from './argo-destination';
import type { ReportSettings } from './settings';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** The thresholds in force for a rule: its defaults with reports.hygiene.rules laid over them. */
function thresholds(rule: HygieneRule, config: HygieneReportConfig): { enabled: boolean; warning: number | null; critical: number | null } {
  const o = config.rules[rule.id];
  return {
    enabled: o?.enabled ?? true,
    warning: o?.warning === undefined ? rule.warning : o.warning,
    critical: o?.critical === undefined ? rule.critical : o.critical,
  };
}

const trips = (rule: HygieneRule, value: number, limit: number | null) => limit !== null && (rule.direction === 'above' ? value >= limit : value <= limit);

const number = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2).replace(/\.?0+$/, ''));

function finding(
  rule: HygieneRule,
  config: HygieneReportConfig,
  reading: { subject: string; namespace?: string; value: number; message: string },
): HygieneFinding | null {
  const { warning, critical } = thresholds(rule, config);
  const severity: Severity | null = trips(rule, reading.value, critical)
    ? 'critical'
    : trips(rule, reading.value, warning)
      ? 'warning'
      : rule.info
        ? 'info'
        : null;
  if (!severity) return null;
  const limit = severity === 'critical' ? critical : severity === 'warning' ? warning : null;
  const bound =
    limit === null || rule.unit.startsWith('1 ')
      ? ''
      : ` (${severity} at ${rule.direction === 'above' ? '' : '≤ '}${number(limit)}${rule.direction === 'above' ? ' or more' : ''}: ${rule.unit})`;
  return {
    check: rule.check,
    rule: rule.id,
    severity,
    subject: reading.subject,
    ...(reading.namespace ? { namespace: reading.namespace } : {}),
    message: `${reading.message}${bound}`,
    // + 0: -0 reads as 0 (as JSON writes it), so a finding read back from JSON is the same.
    ...(Number.isFinite(reading.value) ? { value: reading.value + 0 } : {}),
  };
}
const bySeverity = (a: HygieneFinding, b: HygieneFinding) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];

function statusOf(findings: readonly HygieneFinding[]): HygieneCheck['status'] {
  if (findings.some((f) => f.severity === 'critical')) return 'critical';
  return findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok';
}

function countText(findings: readonly HygieneFinding[]): string {
  const parts = (['critical', 'warning', 'info'] as const).map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return parts.length ? `, ${parts.map(([s, n]) => `${n} ${s}`).join(', ')}` : '';
}

/** A check whose input is missing: never fine, with what to add (or why the data is not there). */
function missingCheck(inventory: ClusterInventory, spec: HygieneCheckSpec): { check: HygieneCheck; missing: MissingInput } {
  const missing = inventory.missing(spec.metric, `${spec.title} not checked`);
  const unseen = spec.unseen ?? `${spec.title} does not run in this cluster`;
  const hint = inventory.fresh.prometheus ? `add ${spec.selector} to match[] (or ${unseen})` : missing.effect.replace(/^.*?\(/, '').replace(/\)$/, '');
  return { check: { check: spec.check, status: 'missing', summary: `${spec.title} not seen`, hint }, missing };
}

/** The hygiene of one cluster, without the CIDR check (which compares clusters: see fleetHygiene). */
export function clusterHygiene(inventory: ClusterInventory, now: number, settings: ReportSettings): ClusterHygiene {
  const config = settings.reports.hygiene;
  const oldest = oldestApiServer(apiServerVersions(inventory));
  const ctx = {
    inventory,
    now,
    apiServerMinor: oldest ? { major: oldest.major, minor: oldest.minor } : null,
    destination: (server: string) => argoDestination(server, inventory.cluster, settings.apiServers),
  };
  const checks: HygieneCheck[] = [];
  const findings: HygieneFinding[] = [];
  const missing: MissingInput[] = [];
  for (const spec of HYGIENE_CHECK_SPECS) {
    if (spec.input(inventory.companions) === null) {
      const m = missingCheck(inventory, spec);
      checks.push(m.check);
      missing.push(m.missing);
      continue;
    }
    const own: HygieneFinding[] = [];
    for (const rule of HYGIENE_RULES) {
      if (rule.check !== spec.check || !thresholds(rule, config).enabled) continue;
      for (const reading of rule.read(ctx)) {
        const f = finding(rule, config, reading);
        if (f) own.push(f);
      }
    }
    own.sort(bySeverity);
    checks.push({ check: spec.check, status: statusOf(own), summary: `${spec.count(inventory.companions)}${countText(own)}` });
    findings.push(...own);
  }
  findings.sort(bySeverity);
  return { cluster: inventory.cluster, labels: { ...inventory.labels }, checks, findings, missing };
}

/**
 * One cluster's ranges: its nodes' pod CIDRs and its configured service
 * CIDRs, as plain JSON data (each range as formatCidr writes it, read again
 * by the roll-up: a CidrRange holds a bigint, which JSON does not).
 */
export interface ClusterRanges {
  cluster: string;
  labels: Readonly<Record<string, string>>;
  /** Whether the pod CIDRs are known (some node has one). */
  podsKnown: boolean;
  ranges: CidrSide[];
}

function clusterRanges(inventory: ClusterInventory, config: HygieneReportConfig): ClusterRanges {
  const ranges: ClusterRanges['ranges'] = [];
  let podsKnown = false;
  for (const node of inventory.nodes?.items ?? []) {
    for (const cidr of node.podCIDRs) {
      const range = parseCidr(cidr);
      if (!range) continue;
      podsKnown = true;
      ranges.push({ cluster: inventory.cluster, kind: 'pod', cidr: formatCidr(range), node: node.name });
    }
  }
  for (const cidr of config.serviceCIDRs[inventory.cluster] ?? []) {
    const range = parseCidr(cidr);
    if (range) ranges.push({ cluster: inventory.cluster, kind: 'service', cidr: formatCidr(range) });
  }
  return { cluster: inventory.cluster, labels: inventory.labels, podsKnown, ranges };
}

function inGroup(group: NetworkGroup, cluster: { cluster: string; labels: Readonly<Record<string, string>> }): boolean {
  if (group.clusters === undefined && group.selector === undefined) return true;
  if (group.clusters?.includes(cluster.cluster)) return true;
  if (group.selector === undefined) return false;
  const parsed = parseLabelSelector(group.selector);
  return parsed.ok && selectsCluster(parsed.selector, { name: cluster.cluster, labels: cluster.labels });
}

/** Each cluster's ranges parsed, kept while its ranges are the same object (a memoised part is parsed once). */
const parsedRanges = new WeakMap<ClusterRanges, Array<CidrRange | null>>();

function parsed(ranges: ClusterRanges): Array<CidrRange | null> {
  let kept = parsedRanges.get(ranges);
  if (!kept) parsedRanges.set(ranges, (kept = ranges.ranges.map((side) => parseCidr(side.cidr))));
  return kept;
}

/** One range of one cluster, with where it sits in the fleet (for a stable order) and its last address. */
interface PlacedRange {
  cluster: number;
  index: number;
  side: CidrSide;
  range: CidrRange;
  end: bigint;
}

const lastAddress = (r: CidrRange): bigint => r.start + (1n << BigInt((r.family === 4 ? 32 : 128) - r.prefix)) - 1n;

/**
 * The pairs of ranges of different clusters that share addresses, in one
 * sweep: two CIDR blocks are disjoint or nested, so with the ranges sorted
 * by first address (wider first), the blocks still open when one starts
 * are exactly those that hold it.
 */
function overlappingPairs(ranges: readonly PlacedRange[]): Array<[PlacedRange, PlacedRange]> {
  const out: Array<[PlacedRange, PlacedRange]> = [];
  for (const family of [4, 6] as const) {
    const sorted = ranges
      .filter((r) => r.range.family === family)
      .sort((x, y) => (x.range.start < y.range.start ? -1 : x.range.start > y.range.start ? 1 : x.range.prefix - y.range.prefix));
    const open: PlacedRange[] = [];
    for (const r of sorted) {
      while (open.length && open[open.length - 1]!.end < r.range.start) open.pop();
      for (const holder of open) if (holder.cluster !== r.cluster) out.push(holder.cluster < r.cluster ? [holder, r] : [r, holder]);
      open.push(r);
    }
  }
  return out.sort((x, y) => x[0].cluster - y[0].cluster || x[1].cluster - y[1].cluster || x[0].index - y[0].index || x[1].index - y[1].index);
}

/**
 * Every overlap between two clusters of one network group, pairwise, once
 * (a pair in several groups is listed under the first). Ranges within one
 * cluster are never compared; the nodes of one cluster sharing a range
 * with one range of another give one overlap each.
 */
export function cidrOverlaps(clusters: readonly ClusterRanges[], groups: readonly NetworkGroup[]): CidrOverlap[] {
  const out: CidrOverlap[] = [];
  const seen = new Set<string>();
  const placed = clusters.map((c, cluster) =>
    parsed(c).flatMap((range, index): PlacedRange[] => (range ? [{ cluster, index, side: c.ranges[index]!, range, end: lastAddress(range) }] : [])),
  );
  for (const group of groups) {
    const members = clusters.flatMap((c, i) => (inGroup(group, c) ? placed[i]! : []));
    for (const [a, b] of overlappingPairs(members)) {
      const key = `${a.cluster}/${a.index}/${b.cluster}/${b.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const overlap = cidrOverlap(a.range, b.range);
      if (overlap) out.push({ group: group.name, a: a.side, b: b.side, overlap: formatCidr(overlap) });
    }
  }
  return out;
}

const CIDR_RULE: HygieneRule = {
  id: 'cidr_overlap',
  check: 'cidr',
  unit: '1 per range overlapping another cluster of the same network group',
  direction: 'above',
  warning: 1,
  critical: null,
  read: () => [],
};

/** The CIDR check of one cluster, from the fleet's overlaps. */
function cidrCheck(
  ranges: ClusterRanges,
  overlaps: readonly CidrOverlap[],
  config: HygieneReportConfig,
): { check: HygieneCheck; findings: HygieneFinding[]; missing: MissingInput | null } {
  if (!ranges.podsKnown && !ranges.ranges.length) {
    return {
      check: {
        check: 'cidr',
        status: 'missing',
        summary: 'pod CIDRs not known',
        hint: 'needs the node watch (spec.podCIDRs) or kube_node_info{pod_cidr}; service CIDRs go in reports.hygiene.serviceCIDRs',
      },
      findings: [],
      missing: { input: 'kube_node_info{pod_cidr}', effect: 'CIDR overlaps not checked: no node of this cluster has a pod CIDR' },
    };
  }
  const findings: HygieneFinding[] = [];
  const enabled = thresholds(CIDR_RULE, config).enabled;
  for (const o of enabled ? overlaps : []) {
    const [own, other] = o.a.cluster === ranges.cluster ? [o.a, o.b] : o.b.cluster === ranges.cluster ? [o.b, o.a] : [null, null];
    if (!own || !other) continue;
    const where = (s: CidrSide) => `${s.kind} CIDR ${s.cidr}${s.node ? ` (node ${s.node})` : ''}`;
    const f = finding(CIDR_RULE, config, {
      subject: own.cidr,
      value: 1,
      message: `${where(own)} overlaps ${other.cluster}'s ${where(other)} on ${o.overlap} (network group ${o.group})`,
    });
    if (f) findings.push(f);
  }
  const pods = ranges.ranges.filter((r) => r.kind === 'pod').length;
  const services = ranges.ranges.length - pods;
  const summary = `${plural(pods, 'pod range')}, ${plural(services, 'service range')}${countText(findings)}`;
  return { check: { check: 'cidr', status: statusOf(findings), summary }, findings, missing: null };
}

/** The rules the config may name (reports.hygiene.rules). */
export const HYGIENE_RULE_IDS: readonly string[] = [...HYGIENE_RULES.map((r) => r.id), CIDR_RULE.id];

/** One cluster's part of the fleet hygiene: its checks without the CIDR one, and its ranges. Plain JSON data. */
export interface HygienePart {
  hygiene: ClusterHygiene;
  ranges: ClusterRanges;
}

/** What fleetHygiene can keep between calls: each cluster's checks (see ClusterMemo) and its ranges, read again only when its node list or the config changes. */
export interface HygieneMemo {
  clusters: ClusterMemo<ClusterHygiene>;
  ranges: WeakMap<object, { config: HygieneReportConfig; value: ClusterRanges }>;
}

export function createHygieneMemo(): HygieneMemo {
  return { clusters: new ClusterMemo(), ranges: new WeakMap() };
}

function keptRanges(inventory: ClusterInventory, config: HygieneReportConfig, memo: HygieneMemo | undefined): ClusterRanges {
  const nodes = inventory.nodes;
  if (!memo || !nodes) return clusterRanges(inventory, config);
  const kept = memo.ranges.get(nodes);
  if (kept && kept.config === config && kept.value.cluster === inventory.cluster && kept.value.labels === inventory.labels) return kept.value;
  const value = clusterRanges(inventory, config);
  memo.ranges.set(nodes, { config, value });
  return value;
}

/** One cluster's part of the fleet hygiene; with a memo, not read again while its inputs (its node list, for the ranges) are the same. */
export function hygienePart(inventory: ClusterInventory, now: number, settings: ReportSettings, memo?: HygieneMemo): HygienePart {
  const hygiene = memo ? memo.clusters.get(inventory, [settings], () => clusterHygiene(inventory, now, settings)) : clusterHygiene(inventory, now, settings);
  return { hygiene, ranges: keptRanges(inventory, settings.reports.hygiene, memo) };
}

/**
 * The fleet hygiene from each cluster's part (hygienePart): the CIDR
 * overlaps across each network group merged into every cluster's checks,
 * and the counts per check. Pure.
 */
export function hygieneOfParts(parts: readonly HygienePart[], now: number, settings: ReportSettings): FleetHygiene {
  const config = settings.reports.hygiene;
  const ranges = parts.map((p) => p.ranges);
  const overlaps = cidrOverlaps(ranges, config.networkGroups);
  const touching = new Map<string, CidrOverlap[]>();
  for (const o of overlaps) {
    for (const name of [o.a.cluster, o.b.cluster]) {
      const list = touching.get(name);
      if (list) list.push(o);
      else touching.set(name, [o]);
    }
  }
  const clusters = parts.map(({ hygiene: c }, i): ClusterHygiene => {
    const cidr = cidrCheck(ranges[i]!, touching.get(c.cluster) ?? [], config);
    const checks = HYGIENE_CHECKS.map((id) => (id === 'cidr' ? cidr.check : c.checks.find((k) => k.check === id)!));
    return {
      ...c,
      checks,
      findings: [...c.findings, ...cidr.findings].sort(bySeverity),
      missing: cidr.missing ? [...c.missing, cidr.missing] : c.missing,
    };
  });
  const all = clusters.flatMap((c) => c.findings);
  return {
    generatedAt: now,
    clusters,
    fleet: {
      cidrOverlaps: overlaps,
      checks: HYGIENE_CHECKS.map((check) => {
        const counts = { check, ok: 0, warning: 0, critical: 0, missing: 0 };
        for (const c of clusters) counts[c.checks.find((k) => k.check === check)?.status ?? 'missing']++;
        return counts;
      }),
      findings: {
        critical: all.filter((f) => f.severity === 'critical').length,
        warning: all.filter((f) => f.severity === 'warning').length,
        info: all.filter((f) => f.severity === 'info').length,
      },
    },
  };
}

/**
 * The fleet's hygiene: every cluster's checks (with a `memo`, a cluster
 * whose inputs did not change is not read again), the CIDR overlaps across
 * each network group, and the counts per check.
 */
export function fleetHygiene(inventories: readonly ClusterInventory[], now: number, settings: ReportSettings, memo?: HygieneMemo): FleetHygiene {
  return hygieneOfParts(
    inventories.map((c) => hygienePart(c, now, settings, memo)),
    now,
    settings,
  );
}
