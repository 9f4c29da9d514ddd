import type { Sample, ScrapedSeries } from '../fleet/series';
import type { PrometheusState } from '../fleet/types';

/**
 * The counters of one cluster's scrape of about a minute earlier, decoded
 * and kept (not the whole scrape), so counters can be rated: cAdvisor's CPU
 * seconds for cost, container restarts for health.
 */
export interface EarlierCounters {
  /** When that scrape succeeded. */
  readonly lastSuccess: number;
  /** The kept samples of a counter. */
  get(metric: string): readonly Sample[] | undefined;
  /** Its version in that scrape (see ScrapedSeries.version), so a counter that did not move is known without reading it. */
  version(metric: string): object | null;
}

/** Keeps `metrics` of a scrape. */
export function keepCounters(series: ScrapedSeries, lastSuccess: number, metrics: readonly string[]): EarlierCounters {
  const kept = new Map<string, { samples: readonly Sample[]; version: object | null }>();
  for (const metric of metrics) {
    const samples = series.get(metric);
    if (samples) kept.set(metric, { samples, version: series.version(metric) });
  }
  return { lastSuccess, get: (metric) => kept.get(metric)?.samples, version: (metric) => kept.get(metric)?.version ?? null };
}

/**
 * One cluster's earlier counters: keeps a scrape between `minAgeMs` and
 * twice that old. At most two are held, each only its counters. The clock
 * is passed in.
 */
export class CounterWindow {
  private earlier: EarlierCounters | null = null;
  private candidate: { counters: EarlierCounters; at: number } | null = null;
  private seen: PrometheusState | null = null;

  constructor(private readonly options: { minAgeMs: number; metrics: readonly string[] }) {}

  /** Takes in the cluster's current federation state (a new scrape is kept as the next candidate). */
  observe(state: PrometheusState | null, at: number): void {
    if (!state || state === this.seen || state.lastSuccess === null) return;
    this.seen = state;
    const take = () => ({ counters: keepCounters(state.series, state.lastSuccess ?? 0, this.options.metrics), at });
    if (!this.candidate) this.candidate = take();
    else if (at - this.candidate.at >= this.options.minAgeMs) {
      this.earlier = this.candidate.counters;
      this.candidate = take();
    }
  }

  /** The kept earlier counters, or null until a scrape is `minAgeMs` old. */
  get(): EarlierCounters | null {
    return this.earlier;
  }
}

/**
 * True when `metric` has exactly the same series and values now as in the
 * earlier scrape (known without reading them): then every rate is 0.
 */
export function unchangedSince(series: ScrapedSeries, earlier: EarlierCounters | null, metric: string): boolean {
  if (!earlier) return false;
  const version = series.version(metric);
  return version !== null && version === earlier.version(metric);
}

/**
 * Per-second rate of a counter between the earlier scrape and now, by
 * `keyOf(labels)`: (now − before) ÷ elapsed, where elapsed comes from the
 * samples' own timestamps when both have one, else from the scrapes' times.
 * A counter that went down (a restart) or a key seen only once has no rate.
 * Null when the two do not span two distinct scrapes.
 */
export function counterRates(options: {
  series: ScrapedSeries;
  lastSuccess: number | null;
  earlier: EarlierCounters | null;
  metric: string;
  keyOf: (labels: Readonly<Record<string, string>>) => string | null;
}): Map<string, number> | null {
  const { series, lastSuccess, earlier, metric, keyOf } = options;
  if (!lastSuccess || !earlier?.lastSuccess || lastSuccess <= earlier.lastSuccess) return null;
  const samplesNow = series.get(metric);
  const samplesBefore = earlier.get(metric);
  if (!samplesNow || !samplesBefore) return null;
  // A series read scrape after scrape keeps its labels object (see FederatedSeries), so most are
  // matched by identity; the key text is made only for those that are not.
  const byLabels = new Map<object, Sample>();
  for (const s of samplesBefore) byLabels.set(s.labels, s);
  let byKey: Map<string, Sample> | null = null;
  const keyed = (): Map<string, Sample> => {
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
    const old = byLabels.get(s.labels) ?? (byKey ??= keyed()).get(`${key}\u0000${s.labels.cpu ?? ''}`);
    if (!old || s.value < old.value) continue;
    const elapsedMs = s.timestampMs !== null && old.timestampMs !== null ? s.timestampMs - old.timestampMs : lastSuccess - earlier.lastSuccess;
    if (elapsedMs <= 0) continue;
    rates.set(key, (rates.get(key) ?? 0) + (s.value - old.value) / (elapsedMs / 1000));
  }
  return rates;
}
