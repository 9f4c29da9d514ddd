/** Wire types of the version-skew report (GET /api/reports/skew), shared by server and web. */
import type { Severity } from '../health';
import type { MissingInput, WorkloadBasis } from './common';

/** Components the skew policy speaks about. */
export type SkewComponent = 'kube-apiserver' | 'kubelet' | 'kube-proxy' | 'kube-controller-manager' | 'kube-scheduler';

/**
 * The rules of https://kubernetes.io/releases/version-skew-policy/, one id each:
 * - apiserver_ha: HA kube-apiserver instances within one minor of each other
 * - kubelet_newer / kubelet_too_old: never newer than the oldest kube-apiserver; at most 3 minors older (2 when the kubelet is older than 1.25)
 * - kube_proxy_newer / kube_proxy_too_old: the same window for kube-proxy
 * - kube_proxy_kubelet: kube-proxy within 3 minors of the kubelet on its node
 * - control_plane_newer / control_plane_too_old: controller-manager and scheduler never newer than the oldest kube-apiserver, at most 1 minor older
 * - eol_past / eol_soon: the control plane's minor is past its end of life, or within the warning window
 * - version_unknown: a version string that could not be parsed
 */
export type SkewRule =
  | 'apiserver_ha'
  | 'kubelet_newer'
  | 'kubelet_too_old'
  | 'kube_proxy_newer'
  | 'kube_proxy_too_old'
  | 'kube_proxy_kubelet'
  | 'control_plane_newer'
  | 'control_plane_too_old'
  | 'eol_past'
  | 'eol_soon'
  | 'version_unknown';

export interface SkewFinding {
  rule: SkewRule;
  severity: Severity;
  component: SkewComponent;
  /** Node name, or the instance of a control-plane component; the cluster for cluster-wide findings. */
  subject: string;
  version: string;
  /** A sentence for people, e.g. "kubelet v1.31.2 on node-7 is 4 minors older than kube-apiserver 1.35 (at most 3 allowed)". */
  message: string;
  /** The policy sentence the finding cites. */
  policy: string;
}

/** Where the report's versions came from. */
export type VersionSource = 'kubernetes-api' | 'kube_node_info' | 'kubernetes_build_info';

export interface EolStatus {
  /** "1.29"; the oldest kube-apiserver minor of the cluster. */
  minor: string;
  /** ISO date (YYYY-MM-DD) from the release table, null when the minor is not in it. */
  endOfLife: string | null;
  /** Whole days from the report's time to the end of life (negative when past). */
  daysLeft: number | null;
  state: 'supported' | 'eol_soon' | 'past_eol' | 'unknown';
}

export interface UpgradeReadiness {
  /** The next minor, e.g. "1.36". */
  target: string;
  /** True when no kubelet, kube-proxy or control-plane component blocks the API server moving to `target`. */
  ready: boolean;
  /** "to go to 1.36 first upgrade these kubelets": each with its version and the minor it needs at least. */
  blockers: Array<{ component: SkewComponent; subject: string; version: string; needsAtLeast: string }>;
  /**
   * Deprecated APIs clients still call that `target` or an earlier release
   * removes (apiserver_requested_deprecated_apis{removed_release}); each
   * also makes `ready` false. Absent when that metric is not federated.
   */
  removedApis?: Array<{ group: string; version: string; resource: string; subresource: string; removedRelease: string }>;
  /** "upgrading to 1.32 breaks: clients still call flowcontrol.apiserver.k8s.io/v1beta3 flowschemas (removed in 1.32)"; absent when nothing breaks. */
  breaks?: string;
}

export interface ClusterSkew {
  cluster: string;
  labels: Record<string, string>;
  /** Distinct kube-apiserver versions seen, newest first; empty when unknown. */
  apiServer: { versions: string[]; source: VersionSource | null };
  /** Node component versions and how many nodes run each. */
  nodes: {
    source: VersionSource | null;
    total: number;
    kubelet: Record<string, number>;
    kubeProxy: Record<string, number>;
    containerRuntime: Record<string, number>;
    osImage: Record<string, number>;
  };
  /** kube-controller-manager / kube-scheduler versions from kubernetes_build_info, by component. */
  controlPlane: Partial<Record<SkewComponent, string[]>>;
  /** Most severe first. */
  findings: SkewFinding[];
  eol: EolStatus | null;
  upgrade: UpgradeReadiness | null;
  missing: MissingInput[];
}

/** The same namespace/workload/container running different images in different clusters. */
export interface ImageDrift {
  namespace: string;
  workload: string;
  /** What the workload was read from, the weakest of its containers' (see WorkloadBasis). Absent from older servers. */
  workloadBasis?: WorkloadBasis;
  container: string;
  /** Every image seen, with the clusters running it; at least two entries. */
  images: Array<{ image: string; clusters: string[] }>;
}

export interface FleetSkew {
  generatedAt: number;
  clusters: ClusterSkew[];
  fleet: {
    /** Minor → clusters whose (oldest) kube-apiserver runs it, newest minor first. */
    minors: Array<{ minor: string; clusters: string[] }>;
    newestMinor: string | null;
    /** Clusters behind the fleet's newest minor, furthest behind first. */
    behind: Array<{ cluster: string; minor: string; minorsBehind: number }>;
    imageDrift: ImageDrift[];
  };
}
