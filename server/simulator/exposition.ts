import type { LiveCluster } from './live';
import { valueAt, type Family, type Labels, type Sample } from './metrics/families';
import { parseSelectors, selectorsMatch, type Selector } from './metrics/selector';
import { scrapeTargets, type ScrapeTarget } from './metrics/targets';

const NEEDS_ESCAPE = /[\\\n"]/;

export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  let out = '';
  for (const key in labels) out += `${out ? ',' : ''}${key}="${escapeLabelValue(labels[key]!)}"`;
  return out ? `{${out}}` : '';
}

/** A float as Go's strconv.FormatFloat(v, 'g', -1, 64) writes it, which is what Prometheus and its clients emit. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 6) return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(value);
}

/** One target's families in the text format (0.0.4), with HELP and TYPE, as the exporter itself serves them. */
export function renderExposition(families: readonly Family[], nowMs: number): string {
  const out: string[] = [];
  for (const family of families) {
    if (family.samples.length === 0) continue;
    out.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const s of family.samples) out.push(`${family.name}${s.suffix ?? ''}${formatLabels(s.labels)} ${formatValue(valueAt(s, nowMs))}`);
  }
  return `${out.join('\n')}\n`;
}

/** A series as a Prometheus that scraped the targets stores it. */
export interface StoredSeries {
  name: string;
  /** Sample labels plus target labels (job, instance, …), sorted by name. */
  labels: Labels;
  sample: Sample;
}

/**
 * The stored label names of a sample shape, sorted, each with where its value
 * comes from: a target label, or the sample's own. A sample label that a
 * target label also sets is kept as `exported_<name>`, as a Prometheus
 * without honor_labels keeps it.
 */
function storedShape(sample: Labels, target: Labels): Array<[stored: string, from: 'target' | 'sample', name: string]> {
  const shape: Array<[string, 'target' | 'sample', string]> = Object.keys(target).map((k) => [k, 'target', k]);
  for (const k of Object.keys(sample)) shape.push([k in target ? `exported_${k}` : k, 'sample', k]);
  return shape.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** What a Prometheus that scraped `targets` holds: every target's series with its target labels, plus `up`. */
export function storedSeries(targets: readonly ScrapeTarget[]): StoredSeries[] {
  const series: StoredSeries[] = [];
  for (const target of targets) {
    const targetLabels: Labels = { ...target.labels, instance: target.instance, job: target.job };
    const upKeys = Object.keys(targetLabels).sort();
    series.push({ name: 'up', labels: Object.fromEntries(upKeys.map((k) => [k, targetLabels[k]!])), sample: { labels: {}, value: target.up ? 1 : 0 } });
    if (!target.up) continue;
    for (const family of target.families()) {
      // Every sample of a family (of a histogram: of each part) has the same label names: sort them once.
      let shape: ReturnType<typeof storedShape> = [];
      let shapeOf: string | undefined = '-';
      for (const sample of family.samples) {
        if (sample.suffix !== shapeOf) {
          shape = storedShape(sample.labels, targetLabels);
          shapeOf = sample.suffix;
        }
        const labels: Labels = {};
        // Prometheus stores an empty label value as no label at all.
        for (const [stored, from, name] of shape) {
          const value = (from === 'target' ? targetLabels[name] : sample.labels[name]) ?? '';
          if (value !== '') labels[stored] = value;
        }
        series.push({ name: sample.suffix ? family.name + sample.suffix : family.name, labels, sample });
      }
    }
  }
  return series;
}

/**
 * /federate's text without values and timestamps, packed to stay small at
 * 100 clusters × 10,000 series: per family one flat string of sorted series
 * prefixes (`name{labels,cluster="x"} `) with their offsets, and the numbers
 * beside them in typed arrays.
 */
interface FamilyLayout {
  header: string;
  prefixes: string;
  /** Start of line i's prefix in `prefixes`; one extra entry for the end. */
  offsets: Uint32Array;
  values: Float64Array;
  /** Per-second growth and its start, for counters that move with time; null when none do. */
  rates: { perSecond: Float64Array; sinceMs: Float64Array } | null;
}

type FederateLayout = FamilyLayout[];

function packFamily(name: string, lines: Array<{ prefix: string; sample: Sample }>): FamilyLayout {
  // Sorting the rendered prefixes orders series by their label values in label-name order, as Prometheus does.
  lines.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  const offsets = new Uint32Array(lines.length + 1);
  const values = new Float64Array(lines.length);
  const moving = lines.some((l) => l.sample.perSecond);
  const rates = moving ? { perSecond: new Float64Array(lines.length), sinceMs: new Float64Array(lines.length) } : null;
  let at = 0;
  lines.forEach((line, i) => {
    offsets[i] = at;
    at += line.prefix.length;
    values[i] = line.sample.value;
    if (rates) {
      rates.perSecond[i] = line.sample.perSecond ?? 0;
      rates.sinceMs[i] = line.sample.sinceMs ?? 0;
    }
  });
  offsets[lines.length] = at;
  return { header: `# TYPE ${name} untyped\n`, prefixes: lines.map((l) => l.prefix).join(''), offsets, values, rates };
}

function federateLayout(series: readonly StoredSeries[], options: { clusterLabel: string; cluster: string; selectors: readonly Selector[] }): FederateLayout {
  const external = `${options.clusterLabel}="${escapeLabelValue(options.cluster)}"`;
  const byName = new Map<string, Array<{ prefix: string; sample: Sample }>>();
  // Selectors that only look at the metric name (the usual match[]) are decided once per name.
  const nameOnly = options.selectors.every((selector) => selector.every((m) => m.name === '__name__'));
  const byNameDecision = new Map<string, boolean>();
  for (const s of series) {
    if (nameOnly) {
      let keep = byNameDecision.get(s.name);
      if (keep === undefined) byNameDecision.set(s.name, (keep = selectorsMatch(options.selectors, s.name, {})));
      if (!keep) continue;
    } else if (!selectorsMatch(options.selectors, s.name, s.labels)) continue;
    const inner = formatLabels(s.labels);
    const prefix = `${s.name}${inner ? `${inner.slice(0, -1)},${external}}` : `{${external}}`} `;
    const list = byName.get(s.name);
    if (list) list.push({ prefix, sample: s.sample });
    else byName.set(s.name, [{ prefix, sample: s.sample }]);
  }
  return [...byName.keys()].sort().map((name) => packFamily(name, byName.get(name)!));
}

function renderLayout(layout: FederateLayout, timestampMs: number): string {
  const suffix = ` ${timestampMs}\n`;
  const parts: string[] = [];
  for (const family of layout) {
    let chunk = family.header;
    for (let i = 0; i < family.values.length; i++) {
      let value = family.values[i]!;
      if (family.rates && family.rates.perSecond[i])
        value = valueAt({ labels: {}, value, perSecond: family.rates.perSecond[i]!, sinceMs: family.rates.sinceMs[i]! }, timestampMs);
      chunk += family.prefixes.slice(family.offsets[i], family.offsets[i + 1]) + formatValue(value) + suffix;
    }
    parts.push(chunk);
  }
  return parts.join('');
}

/**
 * /federate as a Prometheus with `external_labels: {<clusterLabel>: NAME}`
 * answers it: families by name, each `# TYPE … untyped`, series sorted by
 * their labels, the external label appended last, millisecond timestamps.
 */
export function renderFederate(
  series: readonly StoredSeries[],
  options: { timestampMs: number; clusterLabel: string; cluster: string; selectors: readonly Selector[] },
): string {
  return renderLayout(federateLayout(series, options), options.timestampMs);
}

/**
 * Rendering work kept per model revision, so that serving /metrics and
 * /federate to many scrapers is cheap: target texts are cached until the
 * model changes (cAdvisor's until the next scrape tick); /federate keeps its
 * sorted, labelled layout and only writes values and timestamps per request.
 */
export class ExpositionCache {
  private readonly texts = new Map<string, { revision: number; tick: number; text: string }>();
  private readonly layouts = new Map<string, { revision: number; layout: FederateLayout }>();
  private targetList: { revision: number; targets: ScrapeTarget[] } | null = null;
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

  targets(): ScrapeTarget[] {
    if (this.targetList?.revision !== this.live.revision) this.targetList = { revision: this.live.revision, targets: scrapeTargets(this.live.model) };
    return this.targetList.targets;
  }

  /** kube-state-metrics' /metrics. */
  metrics(nowMs: number): string {
    return this.target('/metrics', {}, nowMs) ?? '';
  }

  /** The exposition of the target at `path` with `params`; null when no such target; '' when it is down. */
  target(path: string, params: Record<string, string>, nowMs: number): string | null {
    const target = this.targets().find((t) => t.path === path && Object.entries(t.params).every(([k, v]) => params[k] === v));
    if (!target) return null;
    if (!target.up) return '';
    const key = `${path} ${params.node ?? ''}`;
    const tick = target.timeDependent ? this.tickStart(nowMs) : 0;
    const hit = this.texts.get(key);
    if (hit && hit.revision === this.live.revision && hit.tick === tick) return hit.text;
    const text = renderExposition(target.families(), this.tickStart(nowMs));
    if (!hit && this.texts.size >= 4096) this.texts.delete(this.texts.keys().next().value!);
    this.texts.set(key, { revision: this.live.revision, tick, text });
    return text;
  }

  /** /federate for the given `match[]` selectors; throws on an invalid selector (check with parseSelectors first). */
  federate(nowMs: number, match: readonly string[], clusterLabel = 'cluster'): string {
    const key = `${clusterLabel}\u0000${match.join('\u0000')}`;
    let hit = this.layouts.get(key);
    if (!hit || hit.revision !== this.live.revision) {
      const selectors = parseSelectors(match);
      if (!selectors.ok) throw new Error(selectors.message);
      const layout = federateLayout(storedSeries(this.targets()), { clusterLabel, cluster: this.live.model.spec.name, selectors: selectors.selectors });
      // Bounded: a scraper asks with one or two match[] sets.
      if (!hit && this.layouts.size >= 8) this.layouts.delete(this.layouts.keys().next().value!);
      hit = { revision: this.live.revision, layout };
      this.layouts.set(key, hit);
    }
    return renderLayout(hit.layout, this.tickStart(nowMs));
  }
}
