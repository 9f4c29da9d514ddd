import type { LiveCluster } from './live';
import type { Family, Labels } from './metrics/families';
import { parseSelectors, selectorsMatch, type Selector } from './metrics/selector';
import { scrapeTargets, type ScrapeTarget } from './metrics/targets';

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** A float as Go's strconv.FormatFloat(v, 'g', -1, 64) writes it, which is what Prometheus and its clients emit. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return String(value);
}

/** One target's families in the text format (0.0.4), with HELP and TYPE, as the exporter itself serves them. */
export function renderExposition(families: readonly Family[]): string {
  const out: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) out.push(`${family.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
  }
  return `${out.join('\n')}\n`;
}

interface Series {
  name: string;
  /** Sorted by label name, as Prometheus stores them. */
  labels: Labels;
  value: number;
}

function sortedLabels(labels: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function seriesKey(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}\u0000${v}`).join('\u0001');
}

/** What a Prometheus that scraped `targets` holds: every target's series with its target labels, plus `up`. */
export function storedSeries(targets: readonly ScrapeTarget[], nowMs: number): Series[] {
  const series: Series[] = [];
  for (const target of targets) {
    const targetLabels = { ...target.labels, instance: target.instance, job: target.job };
    series.push({ name: 'up', labels: sortedLabels(targetLabels), value: target.up ? 1 : 0 });
    if (!target.up) continue;
    for (const family of target.families(nowMs)) {
      for (const s of family.samples) series.push({ name: family.name, labels: sortedLabels({ ...s.labels, ...targetLabels }), value: s.value });
    }
  }
  return series;
}

/**
 * /federate as a Prometheus with `external_labels: {<clusterLabel>: NAME}`
 * answers it: families by name, each `# TYPE … untyped`, series sorted by
 * their labels, the external label appended last, millisecond timestamps.
 */
export function renderFederate(series: readonly Series[], options: { timestampMs: number; clusterLabel: string; cluster: string; selectors: readonly Selector[] }): string {
  const chosen = series.filter((s) => selectorsMatch(options.selectors, s.name, s.labels));
  const byName = new Map<string, Series[]>();
  for (const s of chosen) {
    const list = byName.get(s.name);
    if (list) list.push(s);
    else byName.set(s.name, [s]);
  }
  const out: string[] = [];
  const external = `${options.clusterLabel}="${escapeLabelValue(options.cluster)}"`;
  for (const name of [...byName.keys()].sort()) {
    out.push(`# TYPE ${name} untyped`);
    const list = byName.get(name)!.map((s) => ({ s, key: seriesKey(s.labels) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const { s } of list) {
      const inner = formatLabels(s.labels);
      const labels = inner ? `${inner.slice(0, -1)},${external}}` : `{${external}}`;
      out.push(`${name}${labels} ${formatValue(s.value)} ${options.timestampMs}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/**
 * Rendered text per model revision (and per scrape tick for what moves with
 * time), so serving /metrics and /federate to many scrapers costs a string
 * lookup, not a render.
 */
export class ExpositionCache {
  private readonly entries = new Map<string, { revision: number; tick: number; text: string }>();
  private readonly scrapeIntervalMs: number;

  constructor(
    private readonly live: LiveCluster,
    options: { scrapeIntervalMs: number },
  ) {
    this.scrapeIntervalMs = options.scrapeIntervalMs;
  }

  /** Start of the current scrape interval: the simulated Prometheus' last scrape. */
  tickStart(nowMs: number): number {
    return Math.floor(nowMs / this.scrapeIntervalMs) * this.scrapeIntervalMs;
  }

  private cached(key: string, timeDependent: boolean, nowMs: number, render: (tickMs: number) => string): string {
    const tick = timeDependent ? this.tickStart(nowMs) : 0;
    const hit = this.entries.get(key);
    if (hit && hit.revision === this.live.revision && hit.tick === tick) return hit.text;
    const text = render(this.tickStart(nowMs));
    // Bounded: a handful of distinct match[] sets and per-node target paths.
    if (!hit && this.entries.size >= 4096) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { revision: this.live.revision, tick, text });
    return text;
  }

  targets(): ScrapeTarget[] {
    return scrapeTargets(this.live.model);
  }

  /** kube-state-metrics' /metrics. */
  metrics(nowMs: number): string {
    return this.target('/metrics', {}, nowMs) ?? '';
  }

  /** The exposition of the target at `path` with `params`; null when no such target; '' when it is down. */
  target(path: string, params: Record<string, string>, nowMs: number): string | null {
    const key = `target ${path} ${params.node ?? ''}`;
    const target = this.targets().find((t) => t.path === path && Object.entries(t.params).every(([k, v]) => params[k] === v));
    if (!target) return null;
    if (!target.up) return '';
    return this.cached(key, target.job === 'kubelet', nowMs, (tick) => renderExposition(target.families(tick)));
  }

  /** /federate for the given `match[]` selectors (already validated). */
  federate(nowMs: number, match: readonly string[], clusterLabel = 'cluster'): string {
    const selectors = parseSelectors(match);
    if (!selectors.ok) throw new Error(selectors.message);
    return this.cached(`federate ${clusterLabel} ${match.join('\u0000')}`, true, nowMs, (tick) =>
      renderFederate(storedSeries(this.targets(), tick), { timestampMs: tick, clusterLabel, cluster: this.live.model.spec.name, selectors: selectors.selectors }),
    );
  }
}
