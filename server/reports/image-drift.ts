import type { ImageDrift } from '../../shared/reports/skew';
import type { WorkloadBasis } from '../../shared/reports/common';
import { weakerBasis } from '../inventory/pods';
import type { ContainerImage } from '../inventory/types';

interface Seen {
  namespace: string;
  workload: string;
  container: string;
  basis: WorkloadBasis;
  /** image → clusters running it */
  images: Map<string, Set<string>>;
}

/**
 * The same namespace/workload/container running different images in
 * different clusters (see containerImages). Only containers seen in at least
 * two clusters count.
 */
export function imageDrift(clusters: readonly { cluster: string; images: readonly ContainerImage[] }[]): ImageDrift[] {
  const seen = new Map<string, Seen>();
  for (const { cluster, images } of clusters) {
    for (const { namespace, workload, workloadBasis, container, image } of images) {
      const key = `${namespace}\u0000${workload}\u0000${container}`;
      let entry = seen.get(key);
      if (!entry) seen.set(key, (entry = { namespace, workload, container, basis: workloadBasis, images: new Map() }));
      else entry.basis = weakerBasis(entry.basis, workloadBasis);
      let where = entry.images.get(image);
      if (!where) entry.images.set(image, (where = new Set()));
      where.add(cluster);
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
      workloadBasis: entry.basis,
      container: entry.container,
      images: [...entry.images].map(([image, where]) => ({ image, clusters: [...where].sort() })).sort((a, b) => a.image.localeCompare(b.image)),
    });
  }
  return drift.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.workload.localeCompare(b.workload) || a.container.localeCompare(b.container));
}
