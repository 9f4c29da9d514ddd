import type { Severity } from '../../shared/health';
import { minorsBetween, type KubeVersion } from '../../shared/kube-version';
import type { SkewComponent, SkewFinding, SkewRule, UpgradeReadiness } from '../../shared/reports/skew';

/**
 * The Kubernetes version-skew policy (https://kubernetes.io/releases/version-skew-policy/)
 * as data: each rule's severity and the policy sentence every finding cites.
 */
export const SKEW_RULES: Readonly<Record<Exclude<SkewRule, 'eol_past' | 'eol_soon' | 'version_unknown'>, { severity: Severity; policy: string }>> = {
  apiserver_ha: {
    severity: 'critical',
    policy: 'In highly-available clusters, the newest and oldest kube-apiserver instances must be within one minor version.',
  },
  kubelet_newer: { severity: 'critical', policy: 'kubelet must not be newer than kube-apiserver.' },
  kubelet_too_old: {
    severity: 'warning',
    policy: 'kubelet may be up to three minor versions older than kube-apiserver (kubelet < 1.25 may only be up to two minor versions older).',
  },
  kube_proxy_newer: { severity: 'critical', policy: 'kube-proxy must not be newer than kube-apiserver.' },
  kube_proxy_too_old: {
    severity: 'warning',
    policy: 'kube-proxy may be up to three minor versions older than kube-apiserver (kube-proxy < 1.25 may only be up to two minor versions older).',
  },
  kube_proxy_kubelet: {
    severity: 'warning',
    policy:
      'kube-proxy may be up to three minor versions older or newer than the kubelet instance it runs alongside (kube-proxy < 1.25 may only be up to two minor versions older or newer).',
  },
  control_plane_newer: {
    severity: 'critical',
    policy: 'kube-controller-manager and kube-scheduler must not be newer than the kube-apiserver instances they communicate with.',
  },
  control_plane_too_old: {
    severity: 'warning',
    policy: 'kube-controller-manager and kube-scheduler may be up to one minor version older than kube-apiserver (to allow live upgrades).',
  },
};

export interface VersionedThing {
  component: SkewComponent;
  /** Node name or instance. */
  subject: string;
  version: KubeVersion;
}

export interface ClusterVersions {
  /** Every kube-apiserver instance (one for a single /version). */
  apiServers: readonly VersionedThing[];
  /** Node components; kube-proxy carries the kubelet of its node for the kubelet rule. */
  nodes: ReadonlyArray<{ node: string; kubelet: KubeVersion | null; kubeProxy: KubeVersion | null }>;
  /** kube-controller-manager and kube-scheduler instances. */
  controlPlane: readonly VersionedThing[];
}

type Minor = { major: number; minor: number };
const text = (v: Minor) => `${v.major}.${v.minor}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** How many minors older than kube-apiserver a kubelet or kube-proxy of this version may be. */
export function maxNodeSkew(version: Minor): number {
  return version.major === 1 && version.minor < 25 ? 2 : 3;
}

function finding(rule: keyof typeof SKEW_RULES, thing: VersionedThing, message: string): SkewFinding {
  const { severity, policy } = SKEW_RULES[rule];
  return { rule, severity, component: thing.component, subject: thing.subject, version: thing.version.raw, message, policy };
}

function extremes(apiServers: readonly VersionedThing[]): { oldest: KubeVersion; newest: KubeVersion } | null {
  if (apiServers.length === 0) return null;
  let oldest = apiServers[0]!.version;
  let newest = oldest;
  for (const a of apiServers) {
    if (minorsBetween(a.version, newest) > 0) newest = a.version;
    if (minorsBetween(oldest, a.version) > 0) oldest = a.version;
  }
  return { oldest, newest };
}

function apiServerWords(api: { oldest: KubeVersion; newest: KubeVersion }, which: 'oldest' | 'newest'): string {
  if (minorsBetween(api.newest, api.oldest) === 0) return `kube-apiserver ${text(api.newest)}`;
  return `kube-apiserver ${text(api[which])} (the ${which} of the HA instances ${text(api.newest)} and ${text(api.oldest)})`;
}

/** The window check shared by kubelet and kube-proxy against the API servers. */
function nodeComponentFindings(
  thing: VersionedThing,
  api: { oldest: KubeVersion; newest: KubeVersion },
  rules: { newer: 'kubelet_newer' | 'kube_proxy_newer'; tooOld: 'kubelet_too_old' | 'kube_proxy_too_old' },
): SkewFinding[] {
  const where = thing.component === 'kubelet' || thing.component === 'kube-proxy' ? ` on ${thing.subject}` : '';
  const newer = minorsBetween(thing.version, api.oldest);
  if (newer > 0) {
    return [
      finding(rules.newer, thing, `${thing.component} ${thing.version.raw}${where} is ${plural(newer, 'minor')} newer than ${apiServerWords(api, 'oldest')}`),
    ];
  }
  const older = minorsBetween(api.newest, thing.version);
  const allowed = maxNodeSkew(thing.version);
  if (older > allowed) {
    return [
      finding(
        rules.tooOld,
        thing,
        `${thing.component} ${thing.version.raw}${where} is ${plural(older, 'minor')} older than ${apiServerWords(api, 'newest')} (at most ${allowed} allowed)`,
      ),
    ];
  }
  return [];
}

/** Every policy violation of one cluster's versions. */
export function skewFindings(versions: ClusterVersions): SkewFinding[] {
  const api = extremes(versions.apiServers);
  if (!api) return [];
  const findings: SkewFinding[] = [];
  const haGap = minorsBetween(api.newest, api.oldest);
  if (haGap > 1) {
    for (const a of versions.apiServers) {
      if (minorsBetween(api.newest, a.version) > 1) {
        findings.push(
          finding(
            'apiserver_ha',
            a,
            `kube-apiserver ${a.version.raw} (${a.subject}) is ${plural(minorsBetween(api.newest, a.version), 'minor')} older than the newest instance ${api.newest.raw} (at most 1 allowed)`,
          ),
        );
      }
    }
  }
  for (const n of versions.nodes) {
    if (n.kubelet)
      findings.push(
        ...nodeComponentFindings({ component: 'kubelet', subject: n.node, version: n.kubelet }, api, { newer: 'kubelet_newer', tooOld: 'kubelet_too_old' }),
      );
    if (n.kubeProxy) {
      const proxy: VersionedThing = { component: 'kube-proxy', subject: n.node, version: n.kubeProxy };
      findings.push(...nodeComponentFindings(proxy, api, { newer: 'kube_proxy_newer', tooOld: 'kube_proxy_too_old' }));
      if (n.kubelet) {
        const gap = Math.abs(minorsBetween(n.kubeProxy, n.kubelet));
        const allowed = maxNodeSkew(n.kubeProxy);
        if (gap > allowed) {
          findings.push(
            finding(
              'kube_proxy_kubelet',
              proxy,
              `kube-proxy ${n.kubeProxy.raw} on ${n.node} is ${plural(gap, 'minor')} away from its kubelet ${n.kubelet.raw} (at most ${allowed} allowed)`,
            ),
          );
        }
      }
    }
  }
  for (const c of versions.controlPlane) {
    const newer = minorsBetween(c.version, api.oldest);
    const older = minorsBetween(api.newest, c.version);
    if (newer > 0)
      findings.push(
        finding(
          'control_plane_newer',
          c,
          `${c.component} ${c.version.raw} (${c.subject}) is ${plural(newer, 'minor')} newer than ${apiServerWords(api, 'oldest')}`,
        ),
      );
    else if (older > 1)
      findings.push(
        finding(
          'control_plane_too_old',
          c,
          `${c.component} ${c.version.raw} (${c.subject}) is ${plural(older, 'minor')} older than ${apiServerWords(api, 'newest')} (at most 1 allowed)`,
        ),
      );
  }
  return findings;
}

/** The oldest minor a kubelet (or kube-proxy) may run under kube-apiserver `target`. */
function oldestAllowedUnder(target: Minor): Minor {
  const three = { major: target.major, minor: target.minor - 3 };
  return maxNodeSkew(three) === 3 ? three : { major: target.major, minor: target.minor - 2 };
}

/**
 * What must be upgraded before kube-apiserver can go from its newest minor
 * to the next: lagging HA instances, kubelets and kube-proxies that would
 * fall out of the window, controller-manager/scheduler not yet on the newest.
 */
export function upgradeReadiness(versions: ClusterVersions): UpgradeReadiness | null {
  const api = extremes(versions.apiServers);
  if (!api) return null;
  const target = { major: api.newest.major, minor: api.newest.minor + 1 };
  const floor = oldestAllowedUnder(target);
  const blockers: UpgradeReadiness['blockers'] = [];
  for (const a of versions.apiServers) {
    if (minorsBetween(api.newest, a.version) > 0)
      blockers.push({ component: a.component, subject: a.subject, version: a.version.raw, needsAtLeast: text(api.newest) });
  }
  for (const n of versions.nodes) {
    for (const [component, version] of [
      ['kubelet', n.kubelet],
      ['kube-proxy', n.kubeProxy],
    ] as const) {
      if (version && minorsBetween(floor, version) > 0) blockers.push({ component, subject: n.node, version: version.raw, needsAtLeast: text(floor) });
    }
  }
  for (const c of versions.controlPlane) {
    if (minorsBetween(api.newest, c.version) > 0)
      blockers.push({ component: c.component, subject: c.subject, version: c.version.raw, needsAtLeast: text(api.newest) });
  }
  return { target: text(target), ready: blockers.length === 0, blockers };
}
