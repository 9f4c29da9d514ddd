import type { ClusterSnapshot } from '../fleet/types';
import type { Sample } from '../fleet/series';
import { isDeriving } from '../sources/federate/sample';

/**
 * True when `metric` has exactly the same series and values in both
 * snapshots (known without reading them when both are federated scrapes):
 * then every rate is 0.
 */
export function unchangedSince(current: ClusterSnapshot, previous: ClusterSnapshot | undefined, metric: string): boolean {
  const now = current.prometheus?.series;
  const before = previous?.prometheus?.series;
  if (!now || !before || !isDeriving(now) || !isDeriving(before)) return false;
  const version = now.version(metric);
  return version !== null && version === before.version(metric);
}

/**
 * Per-second rate of a counter between two snapshots of one cluster, by
 * `keyOf(labels)`: (now − before) ÷ elapsed, where elapsed comes from the
 * samples' own timestamps when both have one, else from the scrapes'
 * lastSuccess. A counter that went down (a restart) or a key seen only once
 * has no rate. Null when the two snapshots do not span two distinct scrapes.
 */
export function counterRates(options: {
  current: ClusterSnapshot;
  previous: ClusterSnapshot | undefined;
  metric: string;
  keyOf: (labels: Readonly<Record<string, string>>) => string | null;
}): Map<string, number> | null {
  const { current, previous, metric, keyOf } = options;
  const now = current.prometheus;
  const before = previous?.prometheus;
  if (!now?.lastSuccess || !before?.lastSuccess || now.lastSuccess <= before.lastSuccess) return null;
  const samplesNow = now.series.get(metric);
  const samplesBefore = before.series.get(metric);
  if (!samplesNow || !samplesBefore) return null;
  // A series read scrape after scrape keeps its labels object (see FederatedSeries), so most are
  // matched by identity; the key text is made only for those that are not.
  const earlier = new Map<object, Sample>();
  for (const s of samplesBefore) earlier.set(s.labels, s);
  let earlierByKey: Map<string, Sample> | null = null;
  const byKey = (): Map<string, Sample> => {
    const out = new Map<string, Sample>();
    for (const s of samplesBefore) {
      const key = keyOf(s.labels);
      if (key !== null) out.set(`${key}\u0000${s.labels.cpu ?? ''}`, s);
    }
    return out;
  };
  const rates = new Map<string, number>();
  for (const s of samplesNow) {
    const key = keyOf(s.labels);
    if (key === null) continue;
    const old = earlier.get(s.labels) ?? (earlierByKey ??= byKey()).get(`${key}\u0000${s.labels.cpu ?? ''}`);
    if (!old || s.value < old.value) continue;
    const elapsedMs = s.timestampMs !== null && old.timestampMs !== null ? s.timestampMs - old.timestampMs : now.lastSuccess - before.lastSuccess;
    if (elapsedMs <= 0) continue;
    rates.set(key, (rates.get(key) ?? 0) + (s.value - old.value) / (elapsedMs / 1000));
  }
  return rates;
}
