/** Wire types of the fleet hygiene report (GET /api/reports/hygiene), shared by server and web. */
import type { Severity } from '../health';
import type { MissingInput } from './common';

/** The companions the hygiene report checks beside every cluster, one id each. */
export const HYGIENE_CHECKS = ['velero', 'argocd', 'flux', 'cert-manager', 'etcd', 'cilium', 'istio', 'gatekeeper', 'cidr', 'deprecated-apis'] as const;
export type HygieneCheckId = (typeof HYGIENE_CHECKS)[number];

/** Each check's name for people, as the projects spell themselves (the desk's columns, the wall's lines). */
export const HYGIENE_CHECK_LABELS: Readonly<Record<HygieneCheckId, string>> = {
  velero: 'Velero',
  argocd: 'Argo CD',
  flux: 'Flux',
  'cert-manager': 'cert-manager',
  etcd: 'etcd',
  cilium: 'Cilium',
  istio: 'Istio',
  gatekeeper: 'Gatekeeper',
  cidr: 'CIDRs',
  'deprecated-apis': 'Deprecated APIs',
};

/**
 * What one check says of one cluster: `ok` (its input is there and nothing is
 * wrong), `warning` / `critical` (the worst of its findings), `missing` (its
 * input is not federated: never shown as fine; `hint` says what to add).
 */
export type HygieneCheckStatus = 'ok' | 'warning' | 'critical' | 'missing';

export interface HygieneFinding {
  check: HygieneCheckId;
  /** The rule's id, e.g. "velero_backup_stale", "argocd_out_of_sync", "certificate_expiring", "cidr_overlap". */
  rule: string;
  severity: Severity;
  /** What the finding is about: a schedule, an application, a certificate, a constraint, a CIDR… */
  subject: string;
  namespace?: string;
  /** A sentence for people, e.g. "backup schedule daily last succeeded 3 days ago (at most 1 day allowed)". */
  message: string;
  /** The measured value the threshold was compared with (seconds, days, bytes, count…), when there is one. */
  value?: number;
}

export interface HygieneCheck {
  check: HygieneCheckId;
  status: HygieneCheckStatus;
  /** One line for a table cell or a tile: "3 applications, 1 OutOfSync", "Velero not seen". */
  summary: string;
  /** For `missing`: what to add, e.g. 'add {__name__=~"velero_.+"} to match[]'. */
  hint?: string;
}

export interface ClusterHygiene {
  cluster: string;
  labels: Record<string, string>;
  /** One per check of HYGIENE_CHECKS, in that order. */
  checks: HygieneCheck[];
  /** Most severe first. */
  findings: HygieneFinding[];
  missing: MissingInput[];
}

/** One side of a CIDR overlap. */
export interface CidrSide {
  cluster: string;
  kind: 'pod' | 'service';
  cidr: string;
  /** The node whose pod CIDR it is, for kind pod. */
  node?: string;
}

/** Two clusters of one network group whose ranges overlap, with the exact overlapping range. */
export interface CidrOverlap {
  /** The networkGroups entry both are in ("all" by default). */
  group: string;
  a: CidrSide;
  b: CidrSide;
  /** The overlapping range, e.g. "10.4.0.0/24". */
  overlap: string;
}

export interface FleetHygiene {
  generatedAt: number;
  clusters: ClusterHygiene[];
  fleet: {
    /** Every overlap, pairwise, once. */
    cidrOverlaps: CidrOverlap[];
    /** Per check: clusters in each status. */
    checks: Array<{ check: HygieneCheckId; ok: number; warning: number; critical: number; missing: number }>;
    findings: { critical: number; warning: number; info: number };
  };
}
