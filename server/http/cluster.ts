import { Router } from 'express';
import type { ClusterHealth } from '../../shared/health';
import type { ClusterInventory } from '../inventory/types';
import type { StatusTransition } from '../store/types';
import { clusterDetail } from './cluster-detail-model';
import { onlyMethods } from './errors';
import { forwardJson, fromPeer, type Peer } from './shard-forward';

export interface ClusterRouteOptions {
  /** The named cluster's inventory read at `now`; null when the fleet has no such cluster. */
  inventory: (name: string, now: number) => ClusterInventory | null;
  /** The cluster's health as /api/clusters reports it. */
  health: (inventory: ClusterInventory) => ClusterHealth;
  /** The cluster's status transitions from `from` on (with the one in force then first), oldest first. */
  transitions: (name: string, from: number) => StatusTransition[];
  /** How far back transitions are kept (store.historyRetention). */
  retentionMs: number;
  now: () => number;
  /** In a sharded fleet, the replica that scrapes the cluster when another does (its nodes and pods are asked of it); absent or null: this one. */
  scrapedBy?: (name: string) => Peer | null;
}

const DAY_MS = 86_400_000;

/** `from` as Prometheus reads times (Unix seconds, may be fractional, or RFC 3339); null when it is neither. */
function readTime(text: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** GET /api/clusters/:name — one cluster's health, nodes and failing pods (docs/api.md). */
export function createClusterRouter(options: ClusterRouteOptions): Router {
  const router = Router();
  router.get('/:name', async (req, res) => {
    const name = req.params.name;
    const now = options.now();
    const inventory = options.inventory(name, now);
    if (!inventory) {
      res.status(404).json({ error: `no cluster "${name}" in this fleet` });
      return;
    }
    const peer = fromPeer(req) ? null : options.scrapedBy?.(name);
    if (peer) return forwardJson(req, res, peer, name);
    res.setHeader('cache-control', 'no-store');
    res.json(clusterDetail(inventory, options.health(inventory), now));
  });
  router.all('/:name', onlyMethods('GET'));
  // GET /api/clusters/:name/history — the status transitions of the last day, or since ?from= (docs/api.md).
  router.get('/:name/history', (req, res) => {
    const name = req.params.name;
    const now = options.now();
    if (!options.inventory(name, now)) {
      res.status(404).json({ error: `no cluster "${name}" in this fleet` });
      return;
    }
    const given = typeof req.query.from === 'string' ? req.query.from : undefined;
    const from = given === undefined ? now - DAY_MS : readTime(given);
    if (from === null) {
      res.status(400).json({ error: `from: "${given}" is neither Unix seconds nor an RFC 3339 time` });
      return;
    }
    res.setHeader('cache-control', 'no-store');
    res.json({
      cluster: name,
      from: Math.max(from, now - options.retentionMs),
      to: now,
      transitions: options.transitions(name, from),
    });
  });
  router.all('/:name/history', onlyMethods('GET'));
  return router;
}
