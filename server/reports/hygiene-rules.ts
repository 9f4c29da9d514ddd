import { minorsBetween, parseKubeVersion, parseMinor } from '../../shared/kube-version';
import type { HygieneCheckId } from '../../shared/reports/hygiene';
import { formatDuration } from '../config/duration';
import { isCiliumAgentTarget } from '../inventory/companions/network';
import { COMPANION_METRICS as M } from '../inventory/metrics';
import type { ClusterInventory, Companions, DeprecatedApi } from '../inventory/types';

export interface HygieneContext {
  inventory: ClusterInventory;
  now: number;
  /** The cluster's oldest kube-apiserver minor, when known (what a deprecated API's removal is counted from). */
  apiServerMinor: { major: number; minor: number } | null;
  /** A destination's API server URL in words: the cluster it is, when the fleet knows it (argo-destination.ts). */
  destination: (server: string) => string;
}

/** One thing a rule measured: compared with its thresholds, a finding when it trips one. */
export interface Reading {
  subject: string;
  namespace?: string;
  value: number;
  /** The sentence of the finding, without the threshold (which the report adds). */
  message: string;
}

export interface HygieneRule {
  id: string;
  /** Findings of a rule whose unit starts with "1 " (one per thing found) carry no threshold in their message. */
  check: HygieneCheckId;
  /** What `value` counts, for docs/reports.md and the config reference. */
  unit: string;
  /** `above`: a value at or above a threshold trips it; `below`: at or below. */
  direction: 'above' | 'below';
  /** Default thresholds (reports.hygiene.rules.ID overrides them); null: never that severity. */
  warning: number | null;
  critical: number | null;
  /** A reading that trips neither threshold is an info finding (something to know, nothing to do yet). */
  info?: boolean;
  /** Its readings; called only when the check's input is there. */
  read(ctx: HygieneContext): Reading[];
}

/** Each check: the input it needs (null: missing), the metric named in its missing note, the `match[]` selector to add, and what it counts. */
export interface HygieneCheckSpec {
  check: Exclude<HygieneCheckId, 'cidr'>;
  /** "Velero", "Argo CD": what the summary calls the companion. */
  title: string;
  input(companions: Companions): unknown;
  /** The metric a missing note names. */
  metric: string;
  /** The `match[]` selector that federates the check's metrics. */
  selector: string;
  /** "3 schedules": what the input holds. */
  count(companions: Companions): string;
  /** What else an absent input may mean, for the hint; default: the companion does not run in this cluster. */
  unseen?: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const DAY_S = 86_400;

/** The checks over the companions' series, in HYGIENE_CHECKS order (cidr is the report's own: it compares clusters). */
export const HYGIENE_CHECK_SPECS: readonly HygieneCheckSpec[] = [
  {
    check: 'velero',
    title: 'Velero',
    input: (c) => c.velero,
    metric: M.veleroLastSuccess,
    selector: '{__name__=~"velero_backup_.+"}',
    count: (c) => plural(c.velero?.schedules.filter((s) => s.schedule !== '').length ?? 0, 'schedule'),
  },
  {
    check: 'argocd',
    title: 'Argo CD',
    input: (c) => c.argoApplications,
    metric: M.argoApp,
    selector: '{__name__="argocd_app_info"}',
    count: (c) => plural(c.argoApplications?.length ?? 0, 'application'),
  },
  {
    check: 'flux',
    title: 'Flux',
    input: (c) => c.flux,
    metric: M.fluxCondition,
    selector: '{__name__=~"gotk_.+"}',
    count: (c) => plural(c.flux?.length ?? 0, 'object'),
  },
  {
    check: 'cert-manager',
    title: 'cert-manager',
    input: (c) => c.certificates,
    metric: M.certExpiry,
    selector: '{__name__=~"certmanager_certificate_.+"}',
    count: (c) => plural(c.certificates?.length ?? 0, 'certificate'),
  },
  {
    check: 'etcd',
    title: 'etcd',
    input: (c) => c.etcd,
    metric: M.etcdHasLeader,
    selector: '{__name__=~"etcd_server_.+|etcd_mvcc_db_total_size_in_bytes|etcd_disk_wal_fsync_duration_seconds_bucket"}',
    count: (c) => plural(c.etcd?.length ?? 0, 'member'),
    unseen: 'its etcd is not scraped, as on a managed control plane',
  },
  {
    check: 'cilium',
    title: 'Cilium',
    input: (c) => c.cilium,
    metric: M.ciliumUnreachable,
    selector: '{__name__=~"cilium_unreachable_nodes|cilium_endpoint_state"}',
    count: (c) =>
      plural(
        Object.values(c.cilium?.endpoints ?? {}).reduce((a, b) => a + b, 0),
        'endpoint',
      ),
  },
  {
    check: 'istio',
    title: 'Istio',
    input: (c) => c.istio,
    metric: M.istioBuild,
    selector: '{__name__=~"istio_build|pilot_total_xds_rejects|pilot_xds_pushes"}',
    count: (c) =>
      plural(
        Object.values(c.istio?.proxies ?? {}).reduce((a, b) => a + b, 0),
        'proxy',
        'proxies',
      ),
  },
  {
    check: 'gatekeeper',
    title: 'Gatekeeper',
    input: (c) => c.gatekeeper,
    metric: M.gatekeeperViolations,
    selector: '{__name__=~"gatekeeper_.+"}',
    count: (c) =>
      plural(
        Object.values(c.gatekeeper?.constraints ?? {}).reduce((a, b) => a + b, 0),
        'constraint',
      ),
  },
  {
    check: 'deprecated-apis',
    title: 'Deprecated API use',
    input: (c) => c.deprecatedApis,
    metric: M.deprecatedApis,
    selector: '{__name__="apiserver_requested_deprecated_apis"}',
    count: (c) => plural(c.deprecatedApis?.length ?? 0, 'deprecated API'),
    unseen: 'the API server exports it only once a deprecated API was called, so absent may also mean none was',
  },
];

/** "flowcontrol.apiserver.k8s.io/v1beta3 flowschemas" (core APIs have no group: "v1 componentstatuses"). */
export function apiName(api: DeprecatedApi): string {
  const gv = api.group ? `${api.group}/${api.version}` : api.version;
  return `${gv} ${api.resource}${api.subresource ? `/${api.subresource}` : ''}`;
}

const APP_DEGRADED: ReadonlySet<string> = new Set(['Degraded', 'Missing']);
const APP_FINE: ReadonlySet<string> = new Set(['Healthy', 'Degraded', 'Missing']);
/** Cilium endpoint states that are on their way to ready, not stuck. */
const ENDPOINT_FINE: ReadonlySet<string> = new Set(['ready', 'regenerating', 'waiting-to-regenerate', 'restoring']);

/**
 * The hygiene rules, as data. Thresholds are defaults; reports.hygiene.rules
 * overrides them by id. Order is the order findings of equal severity appear in.
 */
export const HYGIENE_RULES: readonly HygieneRule[] = [
  {
    id: 'velero_backup_stale',
    check: 'velero',
    unit: 'hours since the last successful backup',
    direction: 'above',
    warning: 25,
    critical: 49,
    read: ({ inventory, now }) =>
      (inventory.companions.velero?.schedules ?? [])
        .filter((s) => s.schedule !== '')
        .map((s) =>
          s.lastSuccess === null
            ? { subject: s.schedule, value: Infinity, message: `backup schedule ${s.schedule} never succeeded` }
            : {
                subject: s.schedule,
                value: (now / 1000 - s.lastSuccess) / 3600,
                message: `backup schedule ${s.schedule} last succeeded ${formatDuration(Math.max(0, now - s.lastSuccess * 1000))} ago`,
              },
        ),
  },
  {
    id: 'velero_backup_failed',
    check: 'velero',
    unit: 'failed backups since the scrape about a minute earlier',
    direction: 'above',
    warning: 1,
    critical: null,
    read({ inventory }) {
      const velero = inventory.companions.velero;
      const over = velero?.failuresOverMs;
      if (!velero || !over) return [];
      return velero.schedules
        .filter((s) => (s.recentFailures ?? 0) > 0)
        .map((s) => ({
          subject: s.schedule || '(no schedule)',
          value: Math.round(s.recentFailures ?? 0),
          message: `${plural(Math.round(s.recentFailures ?? 0), 'backup')} of ${s.schedule ? `schedule ${s.schedule}` : 'no schedule'} failed in the last ${formatDuration(over)}`,
        }));
    },
  },
  {
    id: 'velero_last_backup_failed',
    check: 'velero',
    unit: '1 per schedule whose last backup failed (velero_backup_last_status 0)',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory }) =>
      (inventory.companions.velero?.schedules ?? [])
        .filter((s) => s.schedule !== '' && s.lastFailed === true)
        .map((s) => ({ subject: s.schedule, value: 1, message: `the last backup of schedule ${s.schedule} failed` })),
  },
  {
    id: 'velero_no_schedule',
    check: 'velero',
    unit: '1 when Velero runs with no backup schedule',
    direction: 'above',
    warning: 1,
    critical: null,
    read({ inventory }) {
      const velero = inventory.companions.velero;
      if (!velero || velero.schedules.some((s) => s.schedule !== '')) return [];
      return [{ subject: inventory.cluster, value: 1, message: 'Velero runs but no backup schedule exists: nothing is backed up on its own' }];
    },
  },
  {
    id: 'argocd_out_of_sync',
    check: 'argocd',
    unit: '1 per application OutOfSync',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory, destination }) =>
      (inventory.companions.argoApplications ?? [])
        .filter((a) => a.syncStatus === 'OutOfSync')
        .map((a) => ({
          subject: a.name,
          namespace: a.namespace,
          value: 1,
          message: `application ${a.name} (project ${a.project || 'default'}) is OutOfSync with ${destination(a.destServer)}${a.destNamespace ? ` namespace ${a.destNamespace}` : ''}`,
        })),
  },
  {
    id: 'argocd_degraded',
    check: 'argocd',
    unit: '1 per application Degraded or Missing',
    direction: 'above',
    warning: null,
    critical: 1,
    read: ({ inventory, destination }) =>
      (inventory.companions.argoApplications ?? [])
        .filter((a) => APP_DEGRADED.has(a.healthStatus))
        .map((a) => ({
          subject: a.name,
          namespace: a.namespace,
          value: 1,
          message: `application ${a.name} is ${a.healthStatus} on ${destination(a.destServer)}${a.destNamespace ? ` namespace ${a.destNamespace}` : ''}`,
        })),
  },
  {
    id: 'argocd_not_healthy',
    check: 'argocd',
    unit: '1 per application Progressing, Suspended or Unknown',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory, destination }) =>
      (inventory.companions.argoApplications ?? [])
        .filter((a) => !APP_FINE.has(a.healthStatus))
        .map((a) => ({
          subject: a.name,
          namespace: a.namespace,
          value: 1,
          message: `application ${a.name} is ${a.healthStatus}, not Healthy, on ${destination(a.destServer)}${a.destNamespace ? ` namespace ${a.destNamespace}` : ''}`,
        })),
  },
  {
    id: 'flux_not_ready',
    check: 'flux',
    unit: '1 per object whose Ready condition is False',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory }) =>
      (inventory.companions.flux ?? [])
        .filter((r) => r.ready === false && !r.suspended)
        .map((r) => ({ subject: `${r.kind}/${r.name}`, namespace: r.namespace, value: 1, message: `${r.kind} ${r.namespace}/${r.name} is not Ready` })),
  },
  {
    id: 'flux_suspended',
    check: 'flux',
    unit: '1 per suspended object',
    direction: 'above',
    warning: null,
    critical: null,
    info: true,
    read: ({ inventory }) =>
      (inventory.companions.flux ?? [])
        .filter((r) => r.suspended)
        .map((r) => ({
          subject: `${r.kind}/${r.name}`,
          namespace: r.namespace,
          value: 1,
          message: `${r.kind} ${r.namespace}/${r.name} is suspended: Flux does not reconcile it${r.ready === false ? ' (and it is not Ready)' : ''}`,
        })),
  },
  {
    id: 'certificate_not_ready',
    check: 'cert-manager',
    unit: '1 per certificate whose Ready condition is False',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory }) =>
      (inventory.companions.certificates ?? [])
        .filter((c) => c.ready === false)
        .map((c) => ({ subject: c.name, namespace: c.namespace, value: 1, message: `certificate ${c.namespace}/${c.name} is not Ready` })),
  },
  {
    id: 'certificate_expiring',
    check: 'cert-manager',
    unit: 'days until the certificate expires',
    direction: 'below',
    warning: 14,
    critical: 3,
    read: ({ inventory, now }) =>
      (inventory.companions.certificates ?? []).flatMap((c) => {
        if (c.expiresAt === null) return [];
        const days = (c.expiresAt - now / 1000) / DAY_S;
        const when =
          days < 0
            ? `expired ${plural(Math.floor(-days), 'day')} ago`
            : `expires in ${days < 1 ? formatDuration(days * DAY_S * 1000) : plural(Math.floor(days), 'day')}`;
        return [
          {
            subject: c.name,
            namespace: c.namespace,
            value: days,
            message: `certificate ${c.namespace}/${c.name} ${when} (${new Date(c.expiresAt * 1000).toISOString().slice(0, 10)})`,
          },
        ];
      }),
  },
  {
    id: 'etcd_no_leader',
    check: 'etcd',
    unit: '1 per member without a leader',
    direction: 'above',
    warning: null,
    critical: 1,
    read: ({ inventory }) =>
      (inventory.companions.etcd ?? [])
        .filter((m) => m.hasLeader === false)
        .map((m) => ({ subject: m.instance, value: 1, message: `etcd member ${m.instance} has no leader` })),
  },
  {
    id: 'etcd_leader_changes',
    check: 'etcd',
    unit: 'leader changes since the scrape about a minute earlier',
    direction: 'above',
    warning: 1,
    critical: 3,
    read: ({ inventory }) =>
      (inventory.companions.etcd ?? []).flatMap((m) =>
        !m.leaderChanges || m.leaderChanges.count === 0
          ? []
          : [
              {
                subject: m.instance,
                value: m.leaderChanges.count,
                message: `etcd member ${m.instance} saw ${plural(m.leaderChanges.count, 'leader change')} in the last ${formatDuration(m.leaderChanges.overMs)} (${Math.round((m.leaderChanges.count * 3_600_000) / m.leaderChanges.overMs)} per hour at that pace)`,
              },
            ],
      ),
  },
  {
    id: 'etcd_db_quota',
    check: 'etcd',
    unit: 'percent of the backend quota the database uses',
    direction: 'above',
    warning: 80,
    critical: 95,
    read: ({ inventory }) =>
      (inventory.companions.etcd ?? []).flatMap((m) => {
        if (m.dbBytes === null || !m.quotaBytes) return [];
        const percent = (m.dbBytes / m.quotaBytes) * 100;
        const mib = (b: number) => `${Math.round(b / 2 ** 20)} MiB`;
        return [
          {
            subject: m.instance,
            value: percent,
            message: `etcd member ${m.instance} database is ${mib(m.dbBytes)} of its ${mib(m.quotaBytes)} quota (${percent.toFixed(0)} %)`,
          },
        ];
      }),
  },
  {
    id: 'etcd_wal_fsync_slow',
    check: 'etcd',
    unit: 'seconds, p99 of WAL fsync',
    direction: 'above',
    warning: 0.5,
    critical: 1,
    read: ({ inventory }) =>
      (inventory.companions.etcd ?? []).flatMap((m) =>
        m.walFsyncP99
          ? [
              {
                subject: m.instance,
                value: m.walFsyncP99.seconds,
                message: `etcd member ${m.instance} WAL fsync p99 is ${(m.walFsyncP99.seconds * 1000).toFixed(0)} ms (${m.walFsyncP99.basis === 'recent' ? 'over the last minute or so' : 'since it started: no earlier scrape to rate against yet'})`,
              },
            ]
          : [],
      ),
  },
  {
    id: 'cilium_unreachable_nodes',
    check: 'cilium',
    unit: 'nodes an agent cannot reach',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory }) =>
      (inventory.companions.cilium?.unreachableNodes ?? [])
        .filter((u) => u.nodes > 0)
        .map((u) => ({ subject: u.agent, value: u.nodes, message: `Cilium agent ${u.agent} cannot reach ${plural(u.nodes, 'node')}` })),
  },
  {
    id: 'cilium_endpoints_not_ready',
    check: 'cilium',
    unit: 'endpoints in a state other than ready (or on their way: regenerating, waiting-to-regenerate, restoring)',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory }) =>
      Object.entries(inventory.companions.cilium?.endpoints ?? {})
        .filter(([state, n]) => !ENDPOINT_FINE.has(state) && n > 0)
        .map(([state, n]) => ({ subject: state, value: n, message: `${plural(n, 'Cilium endpoint')} ${state}` })),
  },
  {
    id: 'cilium_agent_down',
    check: 'cilium',
    unit: 'Cilium agent targets down',
    direction: 'above',
    warning: null,
    critical: 1,
    read({ inventory }) {
      const agents = inventory.companions.cilium?.agents;
      if (!agents || agents.down.length === 0) return [];
      const jobs = new Set((inventory.targets ?? []).filter((t) => isCiliumAgentTarget(t) && !t.up).map((t) => t.job));
      return agents.down.map((instance) => ({ subject: instance, value: 1, message: `Cilium agent ${instance} (${[...jobs].join(', ')}) is down` }));
    },
  },
  {
    id: 'istio_version_skew',
    check: 'istio',
    unit: 'minors between istiod and a proxy version',
    direction: 'above',
    warning: 1,
    critical: 3,
    read({ inventory }) {
      const istio = inventory.companions.istio;
      if (!istio) return [];
      const planes = istio.controlPlane.map((t) => parseKubeVersion(t)).filter((v) => v !== null);
      const out: Reading[] = [];
      for (const [tag, proxies] of Object.entries(istio.proxies)) {
        const proxy = parseKubeVersion(tag);
        if (!proxy || planes.length === 0) continue;
        const apart = Math.max(...planes.map((p) => Math.abs(minorsBetween(p, proxy))));
        if (apart === 0) continue;
        out.push({
          subject: tag,
          value: apart,
          message: `${plural(proxies, 'proxy', 'proxies')} on Istio ${tag}, ${plural(apart, 'minor')} apart from istiod ${istio.controlPlane.join(', ')}`,
        });
      }
      return out;
    },
  },
  {
    id: 'istio_push_errors',
    check: 'istio',
    unit: 'xDS pushes rejected or failed since the scrape about a minute earlier',
    direction: 'above',
    warning: 1,
    critical: null,
    read({ inventory }) {
      const istio = inventory.companions.istio;
      if (!istio?.pushErrors || !istio.pushErrorsOverMs) return [];
      const n = Math.round(istio.pushErrors);
      return n > 0
        ? [
            {
              subject: 'istiod',
              value: n,
              message: `${plural(n, 'xDS push', 'xDS pushes')} rejected or failed in the last ${formatDuration(istio.pushErrorsOverMs)}`,
            },
          ]
        : [];
    },
  },
  {
    id: 'gatekeeper_violations',
    check: 'gatekeeper',
    unit: 'audited violations, per enforcement action',
    direction: 'above',
    warning: 1,
    critical: null,
    read: ({ inventory }) =>
      Object.entries(inventory.companions.gatekeeper?.violations ?? {})
        .filter(([, n]) => n > 0)
        .map(([action, n]) => ({
          subject: action,
          value: n,
          message: `${plural(n, 'policy violation')} with enforcement action ${action} found by the last audit`,
        })),
  },
  {
    id: 'gatekeeper_audit_stale',
    check: 'gatekeeper',
    unit: 'minutes since the last audit started',
    direction: 'above',
    warning: 10,
    critical: 60,
    read({ inventory, now }) {
      const gatekeeper = inventory.companions.gatekeeper;
      if (!gatekeeper) return [];
      if (gatekeeper.auditLastRun === null)
        return [{ subject: 'audit', value: Infinity, message: 'Gatekeeper has no audit run (gatekeeper_audit_last_run_time not exported)' }];
      const ms = Math.max(0, now - gatekeeper.auditLastRun * 1000);
      return [{ subject: 'audit', value: ms / 60_000, message: `Gatekeeper's last audit started ${formatDuration(ms)} ago` }];
    },
  },
  {
    id: 'deprecated_api_in_use',
    check: 'deprecated-apis',
    unit: 'minors from the API server to the release that removes the API',
    direction: 'below',
    warning: 1,
    critical: 0,
    info: true,
    read: ({ inventory, apiServerMinor }) =>
      (inventory.companions.deprecatedApis ?? []).map((api) => {
        const removed = parseMinor(api.removedRelease);
        const left = removed && apiServerMinor ? minorsBetween(removed, apiServerMinor) : Infinity;
        const when = removed ? `removed in ${api.removedRelease}` : 'no removal planned';
        return { subject: apiName(api), value: left, message: `clients still call ${apiName(api)}, deprecated, ${when}` };
      }),
  },
];
