/**
 * Child process of federation.bench.ts: starts N simulated clusters
 * (Prometheus side only) of about M series each, prints one JSON line with
 * their /federate URLs and series count, and runs until stdin closes.
 */
import { startSimFleet } from '../../server/simulator/demo';
import { scaleSpecs, seriesCount } from '../../server/simulator/scale';

const [clusters, series, intervalMs] = process.argv.slice(2).map(Number);
const specs = scaleSpecs({ clusters: clusters ?? 100, seriesPerCluster: series ?? 10_000, namePrefix: 'bench' });
const fleet = await startSimFleet(specs, { prometheusOnly: true, scrapeIntervalMs: intervalMs ?? 15_000 });
process.stdout.write(`${JSON.stringify({ urls: fleet.clusters.map((c) => ({ name: c.name, url: c.federateUrl })), series: seriesCount(specs[0]!) })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void fleet.close().then(() => process.exit(0)));
