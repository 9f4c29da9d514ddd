import { Router } from 'express';
import type { ClusterHealth } from '../../shared/health';
import type { ClusterInventory } from '../inventory/types';
import { clusterDetail } from './cluster-detail-model';
import { onlyMethods } from './errors';

export interface ClusterRouteOptions {
  /** The named cluster's inventory read at `now`; null when the fleet has no such cluster. */
  inventory: (name: string, now: number) => ClusterInventory | null;
  /** The cluster's health as /api/clusters reports it. */
  health: (inventory: ClusterInventory) => ClusterHealth;
  now: () => number;
}

/** GET /api/clusters/:name — one cluster's health, nodes and failing pods (docs/api.md). */
export function createClusterRouter(options: ClusterRouteOptions): Router {
  const router = Router();
  router.get('/:name', (req, res) => {
    const name = req.params.name;
    const now = options.now();
    const inventory = options.inventory(name, now);
    if (!inventory) {
      res.status(404).json({ error: `no cluster "${name}" in this fleet` });
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.json(clusterDetail(inventory, options.health(inventory), now));
  });
  router.all('/:name', onlyMethods('GET'));
  return router;
}
