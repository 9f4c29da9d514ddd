import type { Severity } from '../../shared/health';
import { minorOf, minorsBetween, parseKubeVersion, parseMinor, type KubeVersion } from '../../shared/kube-version';
import type { MissingInput } from '../../shared/reports/common';
import type { ClusterSkew, FleetSkew, ImageDrift, SkewComponent, SkewFinding, VersionSource } from '../../shared/reports/skew';
import type { ClusterInventory, ContainerImage } from '../inventory/types';
import { eolStatus } from './eol';
import { imageDrift } from './image-drift';
import { ClusterMemo } from './memo';
import type { ReportSettings } from './settings';
import { apiServerVersions, oldestApiServer } from './api-server-version';
import { withRemovedApis } from './removed-apis';
import { apiServerVersionMissing, controlPlaneMissing } from './skew-missing';
import { skewFindings, upgradeReadiness, type ClusterVersions, type VersionedThing } from './skew-policy';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

function count(values: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) if (v) out[v] = (out[v] ?? 0) + 1;
  return out;
}

interface NodeVersions {
  source: VersionSource | null;
  rows: Array<{ node: string; kubelet: string; kubeProxy: string; runtime: string; os: string }>;
}

/** Node versions from the inventory's nodes: the node watch, or kube-state-metrics' kube_node_info. */
function nodeVersions(inventory: ClusterInventory): NodeVersions {
  const nodes = inventory.nodes;
  if (!nodes?.versionsKnown) return { source: null, rows: [] };
  const rows: NodeVersions['rows'] = [];
  for (const n of nodes.items) {
    if (n.versions)
      rows.push({ node: n.name, kubelet: n.versions.kubelet, kubeProxy: n.versions.kubeProxy, runtime: n.versions.containerRuntime, os: n.versions.osImage });
  }
  return { source: nodes.source === 'kubernetes-api' ? 'kubernetes-api' : 'kube_node_info', rows };
}

function unknownVersion(component: SkewComponent, subject: string, version: string): SkewFinding {
  return {
    rule: 'version_unknown',
    severity: 'info',
    component,
    subject,
    version,
    message: `${component} on ${subject} reports "${version}", which is not a Kubernetes version; skew not checked`,
    policy: 'Kubernetes versions are expressed as x.y.z.',
  };
}

/** Version skew, end of life and upgrade readiness of one cluster. */
export function clusterSkew(inventory: ClusterInventory, now: number, settings: ReportSettings): ClusterSkew {
  const missing: MissingInput[] = [];
  const findings: SkewFinding[] = [];
  const parse = (component: SkewComponent, subject: string, text: string): KubeVersion | null => {
    if (!text) return null;
    const version = parseKubeVersion(text);
    if (!version) findings.push(unknownVersion(component, subject, text));
    return version;
  };

  const controlPlane: VersionedThing[] = [];
  for (const { component, subject, gitVersion } of inventory.controlPlane) {
    if (component === 'kube-apiserver') continue;
    const version = parse(component, subject, gitVersion);
    if (version) controlPlane.push({ component, subject, version });
  }
  const api = apiServerVersions(inventory, parse);
  const apiServers = api.apiServers;
  const apiSource = api.source;
  if (!apiServers.length) missing.push(apiServerVersionMissing(inventory));
  if (!controlPlane.length) missing.push(controlPlaneMissing(inventory));

  const nodes = nodeVersions(inventory);
  if (!nodes.source)
    missing.push({
      input: 'kube_node_info',
      effect: 'no node versions: neither the node watch nor kube_node_info has nodes; kubelet and kube-proxy skew not checked',
    });

  const versions: ClusterVersions = {
    apiServers,
    nodes: nodes.rows.map((r) => ({ node: r.node, kubelet: parse('kubelet', r.node, r.kubelet), kubeProxy: parse('kube-proxy', r.node, r.kubeProxy) })),
    controlPlane,
  };
  findings.push(...skewFindings(versions));

  const oldest = oldestApiServer(api);
  const eol = oldest ? eolStatus(minorOf(oldest), settings.tables.releases, now, settings.reports.skew.eolWarningDays) : null;
  if (eol && oldest) {
    const subject = inventory.cluster;
    if (eol.state === 'past_eol') {
      findings.push({
        rule: 'eol_past',
        severity: 'critical',
        component: 'kube-apiserver',
        subject,
        version: oldest.raw,
        message: `Kubernetes ${eol.minor} reached end of life on ${eol.endOfLife} (${-(eol.daysLeft ?? 0)} days ago)`,
        policy: 'The Kubernetes project maintains release branches for the most recent three minor releases; older ones receive no fixes.',
      });
    } else if (eol.state === 'eol_soon') {
      findings.push({
        rule: 'eol_soon',
        severity: 'warning',
        component: 'kube-apiserver',
        subject,
        version: oldest.raw,
        message: `Kubernetes ${eol.minor} reaches end of life on ${eol.endOfLife} (in ${eol.daysLeft} days)`,
        policy: `Warned ${settings.reports.skew.eolWarningDays} days before a minor's end of life.`,
      });
    } else if (eol.state === 'unknown') {
      missing.push({
        input: `release table entry for ${eol.minor}`,
        effect: 'end of life unknown: add it to config/kubernetes-releases.yaml or reports.skew.releases',
      });
    }
  }
  findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

  const apiVersions = [...new Set(apiServers.map((a) => a.version.raw))].sort((a, b) => {
    const va = parseKubeVersion(a);
    const vb = parseKubeVersion(b);
    return va && vb ? minorsBetween(vb, va) || (vb.patch ?? 0) - (va.patch ?? 0) : 0;
  });
  const controlPlaneVersions: ClusterSkew['controlPlane'] = {};
  for (const c of controlPlane) {
    const list = controlPlaneVersions[c.component] ?? [];
    if (!list.includes(c.version.raw)) list.push(c.version.raw);
    controlPlaneVersions[c.component] = list;
  }
  return {
    cluster: inventory.cluster,
    labels: { ...inventory.labels },
    apiServer: { versions: apiVersions, source: apiSource },
    nodes: {
      source: nodes.source,
      total: nodes.rows.length,
      kubelet: count(nodes.rows.map((r) => r.kubelet)),
      kubeProxy: count(nodes.rows.map((r) => r.kubeProxy)),
      containerRuntime: count(nodes.rows.map((r) => r.runtime)),
      osImage: count(nodes.rows.map((r) => r.os)),
    },
    controlPlane: controlPlaneVersions,
    findings,
    eol,
    upgrade: withRemovedApis(upgradeReadiness(versions), inventory.companions.deprecatedApis),
    missing,
  };
}

/** One cluster's part of the fleet skew: its skew and the images the fleet's image drift compares. Plain JSON data. */
export interface SkewPart {
  skew: ClusterSkew;
  images: readonly ContainerImage[];
}

/** Per-cluster results fleetSkew can keep between calls (see ClusterMemo). */
export interface SkewMemo {
  clusters: ClusterMemo<ClusterSkew>;
  /** The last image drift and the per-cluster images it was found in (the inventory keeps each cluster's images while they do not change). */
  drift: { inputs: readonly (readonly ContainerImage[])[]; value: ImageDrift[] } | null;
}

export function createSkewMemo(): SkewMemo {
  return { clusters: new ClusterMemo(), drift: null };
}

/** One cluster's part of the fleet skew; with a memo, its skew is not read again while its inputs are the same. */
export function skewPart(inventory: ClusterInventory, now: number, settings: ReportSettings, memo?: SkewMemo): SkewPart {
  const skew = memo ? memo.clusters.get(inventory, [settings], () => clusterSkew(inventory, now, settings)) : clusterSkew(inventory, now, settings);
  return { skew, images: inventory.images };
}

/** Image drift across the clusters; with a memo, found again only when some cluster's images changed. */
function fleetImageDrift(parts: readonly SkewPart[], memo: SkewMemo | undefined): ImageDrift[] {
  const images = parts.map((p) => p.images);
  const last = memo?.drift;
  if (last && last.inputs.length === images.length && last.inputs.every((x, i) => x === images[i])) return last.value;
  const value = imageDrift(parts.map((p) => ({ cluster: p.skew.cluster, images: p.images })));
  if (memo) memo.drift = { inputs: images, value };
  return value;
}

/**
 * The fleet skew from each cluster's part (skewPart): spread of minors,
 * clusters behind the newest, image drift (with a `memo`, found again only
 * when some cluster's images array is another). Pure but for the memo.
 */
export function skewOfParts(parts: readonly SkewPart[], now: number, memo?: SkewMemo): FleetSkew {
  const clusters = parts.map((p) => p.skew);
  const byMinor = new Map<string, string[]>();
  for (const c of clusters) {
    const minor = c.eol?.minor;
    if (!minor) continue;
    byMinor.set(minor, [...(byMinor.get(minor) ?? []), c.cluster]);
  }
  const minors = [...byMinor]
    .map(([minor, names]) => ({ minor, clusters: names.sort(), parsed: parseMinor(minor) }))
    .filter((m): m is { minor: string; clusters: string[]; parsed: { major: number; minor: number } } => m.parsed !== null)
    .sort((a, b) => minorsBetween(b.parsed, a.parsed));
  const newest = minors[0] ?? null;
  const behind = newest
    ? minors.slice(1).flatMap((m) => m.clusters.map((cluster) => ({ cluster, minor: m.minor, minorsBehind: minorsBetween(newest.parsed, m.parsed) })))
    : [];
  return {
    generatedAt: now,
    clusters,
    fleet: {
      minors: minors.map(({ minor, clusters: names }) => ({ minor, clusters: names })),
      newestMinor: newest?.minor ?? null,
      behind,
      imageDrift: fleetImageDrift(parts, memo),
    },
  };
}

/**
 * Skew of every cluster, and the fleet view: spread of minors, clusters
 * behind the newest, image drift. With a `memo`, a cluster whose inputs did
 * not change since the last call is not read again.
 */
export function fleetSkew(inventories: readonly ClusterInventory[], now: number, settings: ReportSettings, memo?: SkewMemo): FleetSkew {
  return skewOfParts(
    inventories.map((c) => skewPart(c, now, settings, memo)),
    now,
    memo,
  );
}
