import type { SimCompanionState, SimEtcd } from '../companions';
import type { Family, Sample } from './families';

/*
 * The companions' metric families, names and labels as each project defines them:
 * Velero pkg/metrics/metrics.go; Argo CD controller/metrics (argocd_app_info: namespace, name,
 * project, autosync_enabled, repo, dest_server, dest_namespace, sync_status, health_status,
 * operation); Flux controllers (gotk_reconcile_condition, gotk_suspend_status, label `namespace`)
 * and flux2-monitoring-example's kube-state-metrics custom resource state (gotk_resource_info,
 * label `exported_namespace`); cert-manager pkg/metrics; etcd server/etcdserver, mvcc and wal
 * (fsync buckets: prometheus.ExponentialBuckets(0.001, 2, 14)); Cilium's agent metrics; istiod
 * (istio_build, pilot_xds_pushes, pilot_total_xds_rejects — OpenCensus names, no _total);
 * Gatekeeper's audit metrics; kube-apiserver's apiserver_requested_deprecated_apis.
 */

const seconds = (ms: number) => Math.floor(ms / 1000);

/** velero_* of the Velero server (job velero). */
export function veleroFamilies(schedules: NonNullable<SimCompanionState['velero']>, builtMs: number): Family[] {
  return [
    {
      name: 'velero_backup_total',
      help: 'Current number of existent backups',
      type: 'gauge',
      samples: [{ labels: {}, value: schedules.reduce((n, s) => n + Math.min(s.successes, 30), 0) }],
    },
    {
      name: 'velero_backup_attempt_total',
      help: 'Total number of attempted backups',
      type: 'counter',
      samples: schedules.map((s) => ({ labels: { schedule: s.name }, value: s.successes + s.failures })),
    },
    {
      name: 'velero_backup_success_total',
      help: 'Total number of successful backups',
      type: 'counter',
      samples: schedules.map((s) => ({ labels: { schedule: s.name }, value: s.successes })),
    },
    {
      name: 'velero_backup_failure_total',
      help: 'Total number of failed backups',
      type: 'counter',
      samples: schedules.map((s) => ({ labels: { schedule: s.name }, value: s.failures })),
    },
    {
      name: 'velero_backup_last_successful_timestamp',
      help: 'Last time a backup ran successfully, Unix timestamp in seconds',
      type: 'gauge',
      // The backups go on running: the last success moves with the clock, so its age stays as built (a stale schedule stays days old).
      samples: schedules.flatMap((s) =>
        s.lastSuccessMs === null ? [] : [{ labels: { schedule: s.name }, value: seconds(s.lastSuccessMs), perSecond: 1, sinceMs: builtMs }],
      ),
    },
  ];
}

/** argocd_app_info of the application controller (job argocd-metrics); applications live in namespace argocd. */
export function argocdFamilies(apps: NonNullable<SimCompanionState['argocd']>): Family[] {
  return [
    {
      name: 'argocd_app_info',
      help: 'Information about application.',
      type: 'gauge',
      samples: apps.map((a) => ({
        labels: {
          namespace: 'argocd',
          name: a.name,
          project: a.project,
          autosync_enabled: 'true',
          repo: a.repo,
          dest_server: 'https://kubernetes.default.svc',
          dest_namespace: a.destNamespace,
          sync_status: a.syncStatus,
          health_status: a.healthStatus,
          operation: '',
        },
        value: 1,
      })),
    },
  ];
}

/** The Flux kinds each controller reconciles. */
export const FLUX_CONTROLLERS = {
  'source-controller': ['GitRepository', 'HelmRepository'],
  'kustomize-controller': ['Kustomization'],
  'helm-controller': ['HelmRelease'],
} as const;

/** gotk_reconcile_condition and gotk_suspend_status of one Flux controller (job flux-system/flux-system, a PodMonitor's). */
export function fluxControllerFamilies(resources: NonNullable<SimCompanionState['flux']>, kinds: readonly string[]): Family[] {
  const mine = resources.filter((r) => kinds.includes(r.kind));
  return [
    {
      name: 'gotk_reconcile_condition',
      help: 'The current condition status of a GitOps Toolkit resource reconciliation.',
      type: 'gauge',
      samples: mine.flatMap((r) =>
        (['True', 'False', 'Unknown', 'Deleted'] as const).map((status) => ({
          labels: { kind: r.kind, name: r.name, namespace: r.namespace, type: 'Ready', status },
          value: status === r.ready ? 1 : 0,
        })),
      ),
    },
    {
      name: 'gotk_suspend_status',
      help: 'The current suspend status of a GitOps Toolkit resource.',
      type: 'gauge',
      samples: mine.map((r) => ({ labels: { kind: r.kind, name: r.name, namespace: r.namespace }, value: r.suspended ? 1 : 0 })),
    },
  ];
}

const FLUX_GROUPS: Record<string, [string, string]> = {
  GitRepository: ['source.toolkit.fluxcd.io', 'v1'],
  HelmRepository: ['source.toolkit.fluxcd.io', 'v1'],
  Kustomization: ['kustomize.toolkit.fluxcd.io', 'v1'],
  HelmRelease: ['helm.toolkit.fluxcd.io', 'v2'],
};

/** gotk_resource_info, served by kube-state-metrics' custom resource state as flux2-monitoring-example configures it. */
export function fluxResourceInfoFamily(resources: NonNullable<SimCompanionState['flux']>): Family {
  return {
    name: 'gotk_resource_info',
    help: 'The current state of a Flux resource.',
    type: 'gauge',
    samples: resources.map((r) => {
      const [group, version] = FLUX_GROUPS[r.kind] ?? ['toolkit.fluxcd.io', 'v1'];
      return {
        labels: {
          customresource_group: group,
          customresource_kind: r.kind,
          customresource_version: version,
          exported_namespace: r.namespace,
          name: r.name,
          ready: r.ready,
          suspended: String(r.suspended),
        },
        value: 1,
      };
    }),
  };
}

/** certmanager_certificate_* of the cert-manager controller (job cert-manager). */
export function certManagerFamilies(certificates: NonNullable<SimCompanionState['certManager']>, builtMs: number): Family[] {
  const issuer = (c: (typeof certificates)[number]) => ({ issuer_name: c.issuer, issuer_kind: c.issuerKind, issuer_group: 'cert-manager.io' });
  return [
    {
      name: 'certmanager_certificate_expiration_timestamp_seconds',
      help: 'The date after which the certificate expires. Expressed as a Unix Epoch Time.',
      type: 'gauge',
      // Renewed as time goes by: the expiry moves with the clock, so a certificate expiring in 5 days stays so.
      samples: certificates.map((c) => ({
        labels: { name: c.name, namespace: c.namespace, ...issuer(c) },
        value: seconds(c.expiresMs),
        perSecond: 1,
        sinceMs: builtMs,
      })),
    },
    {
      name: 'certmanager_certificate_renewal_timestamp_seconds',
      help: 'The number of seconds before expiration time the certificate should renew.',
      type: 'gauge',
      samples: certificates.map((c) => ({
        labels: { name: c.name, namespace: c.namespace, ...issuer(c) },
        value: seconds(c.expiresMs) - 30 * 86_400,
        perSecond: 1,
        sinceMs: builtMs,
      })),
    },
    {
      name: 'certmanager_certificate_ready_status',
      help: 'The ready status of the certificate.',
      type: 'gauge',
      samples: certificates.flatMap((c) =>
        (['False', 'True', 'Unknown'] as const).map((condition) => ({
          labels: { name: c.name, namespace: c.namespace, condition, ...issuer(c) },
          value: (condition === 'True') === c.ready ? 1 : 0,
        })),
      ),
    },
  ];
}

/** etcd's WAL fsync buckets: prometheus.ExponentialBuckets(0.001, 2, 14), 1 ms to 8.192 s. */
export const ETCD_FSYNC_BUCKETS = Array.from({ length: 14 }, (_, i) => 0.001 * 2 ** i);
/** Share of fsyncs at or under each bucket of a healthy SSD (p99 ~ 7 ms). */
const FSYNC_SHARE = [0.05, 0.35, 0.8, 0.995, 0.999, 1, 1, 1, 1, 1, 1, 1, 1, 1];
const FSYNCS_PER_SECOND = 12;

/** One etcd member's families (job etcd); counters of the WAL fsync histogram move with time from `sinceMs`. */
export function etcdFamilies(etcd: SimEtcd, member: number, sinceMs: number): Family[] {
  const bucket = (le: string, share: number): Sample => ({ labels: { le }, suffix: '_bucket', value: 0, perSecond: FSYNCS_PER_SECOND * share, sinceMs });
  return [
    {
      name: 'etcd_server_has_leader',
      help: 'Whether or not a leader exists. 1 is existence, 0 is not.',
      type: 'gauge',
      samples: [{ labels: {}, value: etcd.hasLeader ? 1 : 0 }],
    },
    {
      name: 'etcd_server_is_leader',
      help: 'Whether or not this member is a leader. 1 if is, 0 otherwise.',
      type: 'gauge',
      samples: [{ labels: {}, value: etcd.hasLeader && member === 0 ? 1 : 0 }],
    },
    {
      name: 'etcd_server_leader_changes_seen_total',
      help: 'The number of leader changes seen.',
      type: 'counter',
      samples: [{ labels: {}, value: etcd.leaderChanges }],
    },
    {
      name: 'etcd_mvcc_db_total_size_in_bytes',
      help: 'Total size of the underlying database physically allocated in bytes.',
      type: 'gauge',
      samples: [{ labels: {}, value: etcd.dbBytes }],
    },
    {
      name: 'etcd_server_quota_backend_bytes',
      help: 'Current backend storage quota size in bytes.',
      type: 'gauge',
      samples: [{ labels: {}, value: etcd.quotaBytes }],
    },
    {
      name: 'etcd_disk_wal_fsync_duration_seconds',
      help: 'The latency distributions of fsync called by WAL.',
      type: 'histogram',
      samples: [
        ...ETCD_FSYNC_BUCKETS.map((le, i) => bucket(String(Math.round(le * 1000) / 1000), FSYNC_SHARE[i]!)),
        bucket('+Inf', 1),
        { labels: {}, suffix: '_sum', value: 0, perSecond: FSYNCS_PER_SECOND * 0.0032, sinceMs },
        { labels: {}, suffix: '_count', value: 0, perSecond: FSYNCS_PER_SECOND, sinceMs },
      ],
    },
  ];
}

const ENDPOINT_STATES = ['ready', 'not-ready', 'waiting-for-identity', 'waiting-to-regenerate', 'regenerating'] as const;

/** One Cilium agent's families (job cilium-agent, one per node). */
export function ciliumFamilies(state: { unreachableNodes: number; endpointsReady: number; endpointsNotReady: number }): Family[] {
  return [
    {
      name: 'cilium_unreachable_nodes',
      help: 'Number of nodes that cannot be reached',
      type: 'gauge',
      samples: [{ labels: {}, value: state.unreachableNodes }],
    },
    {
      name: 'cilium_endpoint_state',
      help: 'Count of all endpoints, tagged by different endpoint states',
      type: 'gauge',
      samples: ENDPOINT_STATES.map((endpoint_state) => ({
        labels: { endpoint_state },
        value: endpoint_state === 'ready' ? state.endpointsReady : endpoint_state === 'not-ready' ? state.endpointsNotReady : 0,
      })),
    },
  ];
}

/** istio_build of a component: "pilot" for istiod, "proxy" for a sidecar or gateway. */
export function istioBuildFamily(component: 'pilot' | 'proxy', tag: string): Family {
  return { name: 'istio_build', help: 'Istio component build info', type: 'gauge', samples: [{ labels: { component, tag }, value: 1 }] };
}

/** istiod's xDS families (job istiod); a reject counter only once it counted one, as istiod exports it. */
export function istiodFamilies(istio: NonNullable<SimCompanionState['istio']>, sinceMs: number): Family[] {
  return [
    istioBuildFamily('pilot', istio.pilotVersion),
    {
      name: 'pilot_xds_pushes',
      help: 'Pilot build and send errors for lds, rds, cds and eds.',
      type: 'counter',
      samples: (['cds', 'eds', 'lds', 'rds'] as const).map((type) => ({ labels: { type }, value: 0, perSecond: type === 'eds' ? 2 : 0.2, sinceMs })),
    },
    {
      name: 'pilot_total_xds_rejects',
      help: 'Total number of XDS responses from pilot rejected by proxy.',
      type: 'counter',
      samples: istio.rejects > 0 ? [{ labels: { type: 'rds' }, value: istio.rejects }] : [],
    },
  ];
}

/** Gatekeeper's audit families (job gatekeeper-audit); the audit runs every 60 s, so its last run stays a minute old. */
export function gatekeeperFamilies(gatekeeper: NonNullable<SimCompanionState['gatekeeper']>): Family[] {
  const actions = ['deny', 'dryrun', 'warn'] as const;
  return [
    {
      name: 'gatekeeper_violations',
      help: 'Total number of audited violations',
      type: 'gauge',
      samples: actions.map((enforcement_action) => ({ labels: { enforcement_action }, value: gatekeeper.violations[enforcement_action] })),
    },
    {
      name: 'gatekeeper_constraints',
      help: 'Current number of known constraints',
      type: 'gauge',
      samples: actions.flatMap((enforcement_action) =>
        (['active', 'error'] as const).map((status) => ({
          labels: { enforcement_action, status },
          value: status === 'error' ? 0 : enforcement_action === 'deny' ? gatekeeper.constraints - 4 : 2,
        })),
      ),
    },
    {
      name: 'gatekeeper_audit_last_run_time',
      help: 'Timestamp of last audit run time',
      type: 'gauge',
      samples: [{ labels: {}, value: seconds(gatekeeper.auditLastRunMs), perSecond: 1, sinceMs: gatekeeper.auditLastRunMs + 60_000 }],
    },
  ];
}

/** kube-apiserver's apiserver_requested_deprecated_apis: 1 per deprecated API a client requested. */
export function deprecatedApisFamily(apis: SimCompanionState['deprecatedApis']): Family {
  return {
    name: 'apiserver_requested_deprecated_apis',
    help: '[STABLE] Gauge of deprecated APIs that have been requested, broken out by API group, version, resource, subresource, and removed_release.',
    type: 'gauge',
    samples: apis.map((a) => ({
      labels: { group: a.group, version: a.version, resource: a.resource, subresource: a.subresource, removed_release: a.removedRelease },
      value: 1,
    })),
  };
}
