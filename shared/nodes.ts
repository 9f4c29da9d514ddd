/** A node as the Kubernetes API describes it (from the node watch), for skew and health. */
export interface NodeInfo {
  name: string;
  ready: boolean;
  /** Every condition with status "True" other than Ready (MemoryPressure, DiskPressure, …). */
  problemConditions: string[];
  kubeletVersion: string;
  kubeProxyVersion: string;
  containerRuntimeVersion: string;
  osImage: string;
  kernelVersion: string;
  /** spec.podCIDR (else the first of spec.podCIDRs). */
  podCIDR: string | null;
  /** Every range of spec.podCIDRs (one per IP family on a dual-stack cluster), spec.podCIDR first; absent from older producers. */
  podCIDRs?: string[];
  labels: Record<string, string>;
}
