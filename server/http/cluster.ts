import { Router } from 'express';
import type { ClusterHealth } from '../../shared/health';
import type { ClusterSnapshot, FleetSnapshot } from '../fleet/types';
import { clusterDetail } from './cluster-detail-model';

export interface ClusterRouteOptions {
  snapshot: () => FleetSnapshot;
  /** The cluster's health as /api/clusters reports it. */
  health: (cluster: ClusterSnapshot) => ClusterHealth;
  now: () => number;
}

/** GET /api/clusters/:name — one cluster's health, nodes and failing pods (docs/api.md). */
export function createClusterRouter(options: ClusterRouteOptions): Router {
  const router = Router();
  router.get('/:name', (req, res) => {
    const name = req.params.name;
    const cluster = options.snapshot().clusters.find((c) => c.name === name);
    if (!cluster) {
      res.status(404).json({ error: `no cluster "${name}" in this fleet` });
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.json(clusterDetail(cluster, options.health(cluster), options.now()));
  });
  return router;
}
