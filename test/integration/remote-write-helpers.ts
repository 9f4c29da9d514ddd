import type { ScrapedSeries } from '../../server/fleet/series';
import type { Fleetscope } from '../../server/main';
import type { RealPrometheus } from './federation-helpers';

/** One sample as `labels (with __name__, sorted) → value @ ms`: the form both sides are compared in. */
export type SampleKey = string;

function keyOf(labels: Record<string, string>, value: string | number, timestampMs: number): SampleKey {
  const sorted = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${sorted.join(',')}} ${Number(value)} @${timestampMs}`;
}

/** Every sample of one scrape, by timestamp (ms): what fleetscope federated. */
export function scrapeSamples(series: ScrapedSeries, scrapedAt: number): Map<number, Set<SampleKey>> {
  const out = new Map<number, Set<SampleKey>>();
  for (const name of series.names())
    for (const s of series.get(name) ?? []) {
      const at = s.timestampMs ?? scrapedAt;
      let set = out.get(at);
      if (!set) out.set(at, (set = new Set()));
      set.add(keyOf({ __name__: name, ...s.labels }, s.value, at));
    }
  return out;
}

/** The cluster's current scrape in fleetscope, by timestamp. */
export function federatedNow(app: Fleetscope, cluster: string): Map<number, Set<SampleKey>> {
  const prometheus = app.fleet.cluster(cluster)?.prometheus;
  if (!prometheus?.lastSuccess) throw new Error(`${cluster} has not been scraped`);
  return scrapeSamples(prometheus.series, prometheus.lastSuccess);
}

/** What the receiver stores of the cluster at exactly `timestampMs` (a 1 ms range ending there). */
export async function storedAt(receiver: RealPrometheus, cluster: string, timestampMs: number): Promise<Set<SampleKey>> {
  const response = await fetch(`${receiver.url}/api/v1/query?query=${encodeURIComponent(`{cluster="${cluster}"}[1ms]`)}&time=${timestampMs / 1000}`);
  const body = (await response.json()) as { data?: { result?: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } };
  const out = new Set<SampleKey>();
  for (const series of body.data?.result ?? [])
    for (const [at, value] of series.values) if (Math.round(at * 1000) === timestampMs) out.add(keyOf(series.metric, value, timestampMs));
  return out;
}

/** The samples of `wanted` the receiver does not hold (empty when it holds all). */
export async function missingFrom(receiver: RealPrometheus, cluster: string, wanted: Map<number, Set<SampleKey>>): Promise<string[]> {
  const missing: string[] = [];
  for (const [at, keys] of wanted) {
    const stored = await storedAt(receiver, cluster, at);
    for (const key of keys) if (!stored.has(key)) missing.push(key);
  }
  return missing;
}

/** One value of fleetscope's /metrics: the series of `name` with exactly these labels; 0 when absent. */
export async function selfMetric(app: Fleetscope, name: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean).sort().join(',');
    if (have === wanted) return Number(match[3]);
  }
  return 0;
}
