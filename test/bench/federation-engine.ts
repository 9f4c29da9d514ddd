/**
 * Child process of federation.bench.ts in FED_MODE=engine: the federation
 * engine alone (scrapers, pollers, FleetState, /metrics), without reports,
 * alerts, websocket or web app — what a Prometheus federating the same
 * endpoints does, and no more. Args: config file, port.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { validateConfig } from '../../server/config/load';
import { FleetState } from '../../server/fleet/state';
import { createMetricsRegistry } from '../../server/http/metrics';
import { createBodyPool } from '../../server/sources/body-pool';
import { createLimiter } from '../../server/sources/federate/limiter';
import { createFederateScraper, type FederateData } from '../../server/sources/federate/scrape';
import { createPoller } from '../../server/sources/poller';

const [configFile, port] = process.argv.slice(2);
const parsed = validateConfig(JSON.parse(readFileSync(configFile ?? '', 'utf8')));
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const config = parsed.config;
const fleet = new FleetState(
  config.clusters.map((c) => ({ name: c.name, labels: c.labels, hasPrometheus: true, hasKubernetes: false, staleAfterMs: c.prometheus?.staleAfter })),
);
const limiter = createLimiter(config.federation.concurrency);
const bodies = createBodyPool();
const workers = config.clusters.flatMap((c) => {
  const prometheus = c.prometheus;
  if (!prometheus) return [];
  const scrape = createFederateScraper({ cluster: c.name, config: prometheus, clusterLabel: config.clusterLabel, limiter, bodies });
  return [createPoller<FederateData>({ cluster: c.name, intervalMs: prometheus.interval, fetch: scrape, report: (r) => fleet.applyFederate(r) })];
});
const registry = createMetricsRegistry(() => fleet.snapshot());
let ready = false;
http
  .createServer((req, res) => {
    if (req.url === '/readyz') res.writeHead(ready ? 200 : 503).end();
    else void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
  })
  .listen(Number(port), '127.0.0.1');
await Promise.all(workers.map((w) => w.start()));
ready = true;
// Exit cleanly on a signal, so `node --cpu-prof` can write its profile.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(0));
