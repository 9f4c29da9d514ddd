/**
 * The companions beside a simulated cluster (Velero, Argo CD, Flux,
 * cert-manager, etcd, Cilium, Istio, Gatekeeper) and the deprecated APIs its
 * clients still call: what their metrics say, as state the scenarios change.
 * Times are absolute (epoch ms), fixed when the cluster is built, so ages grow
 * as the clock moves, as they do on a real cluster.
 */

export interface SimBackupSchedule {
  name: string;
  /** Last successful backup (epoch ms); null: never succeeded. */
  lastSuccessMs: number | null;
  successes: number;
  failures: number;
}

export type ArgoSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type ArgoHealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface SimArgoApp {
  name: string;
  project: string;
  destNamespace: string;
  repo: string;
  syncStatus: ArgoSyncStatus;
  healthStatus: ArgoHealthStatus;
}

export interface SimFluxResource {
  kind: 'Kustomization' | 'HelmRelease' | 'GitRepository' | 'HelmRepository';
  name: string;
  namespace: string;
  ready: 'True' | 'False' | 'Unknown';
  suspended: boolean;
}

export interface SimCertificate {
  name: string;
  namespace: string;
  issuer: string;
  issuerKind: 'ClusterIssuer' | 'Issuer';
  ready: boolean;
  /** notAfter (epoch ms). */
  expiresMs: number;
}

export interface SimEtcd {
  members: number;
  hasLeader: boolean;
  leaderChanges: number;
  dbBytes: number;
  quotaBytes: number;
}

export interface SimDeprecatedApi {
  group: string;
  version: string;
  resource: string;
  subresource: string;
  /** "1.37": the release that removes it, as kube-apiserver labels it. */
  removedRelease: string;
}

export interface SimCompanionState {
  /** When the state was built: its timestamps (last backup, expiry, audit) move on from here, so their ages stay as built. */
  builtMs: number;
  velero: SimBackupSchedule[] | null;
  argocd: SimArgoApp[] | null;
  flux: SimFluxResource[] | null;
  certManager: SimCertificate[] | null;
  etcd: SimEtcd | null;
  cilium: { unreachableNodes: number; endpointsNotReady: number } | null;
  istio: { pilotVersion: string; proxyVersion: string; rejects: number } | null;
  gatekeeper: { violations: Record<'deny' | 'warn' | 'dryrun', number>; constraints: number; auditLastRunMs: number } | null;
  deprecatedApis: SimDeprecatedApi[];
}

/**
 * Which companions run beside the cluster and their story; every field
 * optional. `companions` absent on a spec: the everyday mix (etcd,
 * cert-manager, Velero, Argo CD, Cilium), all fine.
 */
export interface SimCompanionSpec {
  velero?: boolean | { staleDays?: number; failures?: number };
  argocd?: boolean | { outOfSync?: string[]; degraded?: string[] };
  flux?: boolean | { notReady?: string[]; suspended?: string[] };
  certManager?: boolean | { expiringInDays?: number; notReady?: string[] };
  etcd?: boolean | { noLeader?: boolean; leaderChanges?: number; dbFraction?: number };
  cilium?: boolean | { unreachableNodes?: number; endpointsNotReady?: number };
  istio?: boolean | { version?: string; proxyVersion?: string };
  gatekeeper?: boolean | { violations?: number };
  deprecatedApis?: Array<{ group: string; version: string; resource: string; subresource?: string; removedRelease: string }>;
}

export const EVERYDAY_COMPANIONS: SimCompanionSpec = { etcd: true, certManager: true, velero: true, argocd: true, cilium: true };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MIB = 1024 ** 2;

const ARGO_APPS = ['payments', 'checkout', 'search', 'monitoring', 'ingress-nginx'];
const FLUX_RESOURCES: Array<Pick<SimFluxResource, 'kind' | 'name' | 'namespace'>> = [
  { kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' },
  { kind: 'Kustomization', name: 'flux-system', namespace: 'flux-system' },
  { kind: 'Kustomization', name: 'apps', namespace: 'flux-system' },
  { kind: 'Kustomization', name: 'infrastructure', namespace: 'flux-system' },
  { kind: 'HelmRepository', name: 'bitnami', namespace: 'flux-system' },
  { kind: 'HelmRelease', name: 'ingress-nginx', namespace: 'ingress-nginx' },
  { kind: 'HelmRelease', name: 'kube-prometheus-stack', namespace: 'monitoring' },
];
const CERTIFICATES: Array<Pick<SimCertificate, 'name' | 'namespace'>> = [
  { name: 'wildcard-tls', namespace: 'ingress-nginx' },
  { name: 'payments-api-tls', namespace: 'payments' },
  { name: 'checkout-web-tls', namespace: 'checkout' },
];

function options<T extends object>(value: boolean | T | undefined): T | null {
  if (!value) return null;
  return value === true ? ({} as T) : value;
}

/** The companions' state of a cluster of `nodes` nodes built at `nowMs`, from its spec. */
export function buildCompanions(spec: SimCompanionSpec | undefined, context: { cluster: string; nodes: number; nowMs: number }): SimCompanionState {
  const s = spec ?? EVERYDAY_COMPANIONS;
  const { nowMs } = context;
  const velero = options(s.velero);
  const argocd = options(s.argocd);
  const flux = options(s.flux);
  const certs = options(s.certManager);
  const etcd = options(s.etcd);
  const cilium = options(s.cilium);
  const istio = options(s.istio);
  const gatekeeper = options(s.gatekeeper);
  return {
    builtMs: nowMs,
    velero: velero && [
      {
        name: 'daily',
        // A healthy daily schedule last succeeded earlier today; a stale one days ago.
        lastSuccessMs: nowMs - (velero.staleDays ? velero.staleDays * DAY : 5 * HOUR),
        successes: 30,
        failures: velero.failures ?? 0,
      },
      { name: 'hourly-etcd', lastSuccessMs: nowMs - (velero.staleDays ? velero.staleDays * DAY : 20 * 60_000), successes: 700, failures: 0 },
    ],
    argocd:
      argocd &&
      ARGO_APPS.map((name) => ({
        name,
        project: name === 'monitoring' || name === 'ingress-nginx' ? 'platform' : 'default',
        destNamespace: name,
        repo: `https://git.example.com/${context.cluster}/deploy.git`,
        syncStatus: argocd.outOfSync?.includes(name) ? 'OutOfSync' : 'Synced',
        healthStatus: argocd.degraded?.includes(name) ? 'Degraded' : 'Healthy',
      })),
    flux:
      flux &&
      FLUX_RESOURCES.map((r) => ({
        ...r,
        ready: flux.notReady?.includes(r.name) ? 'False' : 'True',
        suspended: flux.suspended?.includes(r.name) ?? false,
      })),
    certManager:
      certs &&
      CERTIFICATES.map((c, i) => ({
        ...c,
        issuer: i === 0 ? 'letsencrypt-prod' : 'internal-ca',
        issuerKind: i === 0 ? 'ClusterIssuer' : 'Issuer',
        ready: !certs.notReady?.includes(c.name),
        // cert-manager renews 30 days before the end of a 90-day certificate: 30–89 days left normally.
        expiresMs: nowMs + (i === 0 && certs.expiringInDays !== undefined ? certs.expiringInDays : 45 + i * 17) * DAY,
      })),
    etcd: etcd && {
      members: 3,
      hasLeader: !etcd.noLeader,
      leaderChanges: etcd.leaderChanges ?? 2,
      dbBytes: Math.round((etcd.dbFraction ?? 0.12) * 8192 * MIB),
      quotaBytes: 8192 * MIB,
    },
    cilium: cilium && { unreachableNodes: cilium.unreachableNodes ?? 0, endpointsNotReady: cilium.endpointsNotReady ?? 0 },
    istio: istio && { pilotVersion: istio.version ?? '1.27.3', proxyVersion: istio.proxyVersion ?? istio.version ?? '1.27.3', rejects: 0 },
    gatekeeper: gatekeeper && {
      violations: { deny: gatekeeper.violations ?? 0, warn: 3, dryrun: 7 },
      constraints: 12,
      auditLastRunMs: nowMs - 60_000,
    },
    deprecatedApis: (s.deprecatedApis ?? []).map((d) => ({ subresource: '', ...d })),
  };
}
