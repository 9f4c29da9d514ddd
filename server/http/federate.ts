import zlib from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { freshSeries } from '../fleet/staleness';
import type { FleetSnapshot } from '../fleet/types';
import { renderFederation, type FederationSource } from '../sources/federate/reexpose';
import { parseSelector, type Selector } from '../sources/federate/selector';
import { onlyMethods } from './errors';
import { askedClusters, federateFromPeers, SHARD_MISSING_HEADER, type FederationPlan } from './federate-peers';
import { writePaced } from './paced-write';

export interface FederateRouteOptions {
  snapshot: () => FleetSnapshot;
  now: () => number;
  /** The fleet's cluster label (config `clusterLabel`). */
  clusterLabel: string;
  /** In a sharded fleet, where each cluster is federated from (the clusters asked, all when absent); absent: every cluster from here. */
  plan?: (asked?: ReadonlySet<string>) => FederationPlan;
}

/** match[] selectors of a request, or the first problem. */
export function requestSelectors(req: Request): { ok: true; selectors: Selector[] } | { ok: false; message: string } {
  const params = new URL(req.originalUrl, 'http://localhost').searchParams;
  const texts = params.getAll('match[]');
  if (texts.length === 0) return { ok: false, message: 'at least one match[] selector is required, e.g. match[]={job=~".+"}' };
  const selectors: Selector[] = [];
  for (const text of texts) {
    const parsed = parseSelector(text);
    if (!parsed.ok) return { ok: false, message: `match[]=${text}: ${parsed.message}` };
    selectors.push(parsed.selector);
  }
  return { ok: true, selectors };
}

/** Clusters whose Prometheus data is current (stale ones are left out, as from the reports). */
export function federationSources(snapshot: FleetSnapshot, now: number): FederationSource[] {
  const sources: FederationSource[] = [];
  for (const cluster of snapshot.clusters) {
    const series = freshSeries(cluster.prometheus, now);
    if (series && cluster.prometheus?.lastSuccess != null) sources.push({ cluster: cluster.name, series, scrapedAt: cluster.prometheus.lastSuccess });
  }
  return sources;
}

/**
 * `GET /federate?match[]=…`: every cluster's latest series, cluster-labelled,
 * in the Prometheus text format — one endpoint a global Prometheus (with
 * `honor_labels: true`) or Grafana can scrape for the whole fleet.
 */
export function createFederateRouter(options: FederateRouteOptions): Router {
  const router = Router();
  router.get('/federate', async (req: Request, res: Response) => {
    const parsed = requestSelectors(req);
    if (!parsed.ok) {
      res.status(400).type('text/plain').send(`${parsed.message}\n`);
      return;
    }
    // Sharded: the clusters this replica scrapes from here, the others from the replicas that do (a replica asked by another asks no one).
    const asked = options.plan && askedClusters(req);
    const plan = options.plan?.(asked ?? undefined);
    const all = federationSources(options.snapshot(), options.now());
    const sources = plan ? all.filter((s) => plan.here.has(s.cluster)) : all;
    const done = new AbortController();
    const peers = plan && !asked && plan.elsewhere.length + plan.nowhere.length > 0 ? federateFromPeers(req, plan, done.signal) : null;
    if (asked) {
      const served = new Set(sources.map((s) => s.cluster));
      res.setHeader(SHARD_MISSING_HEADER, [...asked].filter((c) => !served.has(c)).join(','));
    }
    // Writing to a slow client can outlast the next scrapes: the bodies read stay held until the end.
    const holds = sources.map((s) => s.series.hold());
    try {
      const steps = renderFederation({ sources, selectors: parsed.selectors, clusterLabel: options.clusterLabel });
      res.status(200).type('text/plain; version=0.0.4; charset=utf-8');
      let closed = false;
      res.on('close', () => {
        closed = true;
        done.abort();
      });
      const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
      if (!gzip) {
        await writePaced(steps, res, () => closed);
        await peers?.writeTo(res, () => closed);
        res.end();
        return;
      }
      res.setHeader('content-encoding', 'gzip');
      const zip = zlib.createGzip({ level: 1 });
      zip.pipe(res);
      await writePaced(steps, zip, () => closed);
      await peers?.writeTo(zip, () => closed);
      if (closed) zip.destroy();
      else zip.end();
    } finally {
      for (const release of holds) release();
    }
  });
  router.all('/federate', onlyMethods('GET'));
  return router;
}
