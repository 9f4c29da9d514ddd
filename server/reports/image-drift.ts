import type { ImageDrift } from '../../shared/reports/skew';
import type { ClusterSnapshot } from '../fleet/types';
import { podKey, podWorkloads, seriesLookup } from './inputs';

interface Seen {
  namespace: string;
  workload: string;
  container: string;
  /** image → clusters running it */
  images: Map<string, Set<string>>;
}

/**
 * The same namespace/workload/container running different images in
 * different clusters, from kube_pod_container_info (image label) and
 * kube_pod_info (owner). Only containers seen in at least two clusters count.
 */
export function imageDrift(clusters: readonly ClusterSnapshot[], now: number): ImageDrift[] {
  const seen = new Map<string, Seen>();
  for (const cluster of clusters) {
    const series = seriesLookup(cluster, now);
    const containers = series.get('kube_pod_container_info');
    if (!containers) continue;
    const workloads = podWorkloads(series);
    for (const s of containers) {
      const image = s.labels.image || s.labels.image_spec;
      if (!image) continue;
      const namespace = s.labels.namespace ?? '';
      const workload = workloads.get(podKey(s.labels)) ?? `Pod/${s.labels.pod ?? ''}`;
      const container = s.labels.container ?? '';
      const key = `${namespace}\u0000${workload}\u0000${container}`;
      let entry = seen.get(key);
      if (!entry) seen.set(key, (entry = { namespace, workload, container, images: new Map() }));
      let where = entry.images.get(image);
      if (!where) entry.images.set(image, (where = new Set()));
      where.add(cluster.name);
    }
  }
  const drift: ImageDrift[] = [];
  for (const entry of seen.values()) {
    if (entry.images.size < 2) continue;
    const clusterCount = new Set([...entry.images.values()].flatMap((set) => [...set])).size;
    if (clusterCount < 2) continue;
    drift.push({
      namespace: entry.namespace,
      workload: entry.workload,
      container: entry.container,
      images: [...entry.images].map(([image, where]) => ({ image, clusters: [...where].sort() })).sort((a, b) => a.image.localeCompare(b.image)),
    });
  }
  return drift.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.workload.localeCompare(b.workload) || a.container.localeCompare(b.container));
}
