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
  podCIDR: string | null;
  labels: Record<string, string>;
}
