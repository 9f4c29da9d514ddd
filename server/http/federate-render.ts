import { labelText } from '../sources/federate/decode-line';
import { HAS_EXPORTED_LABEL, HAS_RESERVED_LABEL, HAS_TIMESTAMP, NOT_CANONICAL } from '../sources/federate/parse-text';
import type { Sample, ScrapedSeries } from '../fleet/series';
import { matches, type Selector } from '../sources/federate/selector';
import { FederatedSeries } from '../sources/federate/series';
import { formatValue } from '../sources/federate/value';

/** One cluster's current series, as the re-exposition reads them. */
export interface FederationSource {
  readonly cluster: string;
  readonly series: ScrapedSeries;
  /** Written as the timestamp of samples that came without one (the scrape's time). */
  readonly scrapedAt: number;
}

export interface RenderOptions {
  readonly sources: readonly FederationSource[];
  /** A series is written when any selector matches it. */
  readonly selectors: readonly Selector[];
  readonly clusterLabel: string;
}

const CHUNK = 256 * 1024;

/** Fills fixed-size chunks and hands each one out when full, so memory stays bounded whatever the output size. */
class ChunkWriter {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  readonly full: Buffer[] = [];

  text(s: string): void {
    const need = Buffer.byteLength(s, 'utf8');
    if (this.used + need > this.buffer.length) this.rotate(need);
    this.used += this.buffer.write(s, this.used, 'utf8');
  }

  bytes(source: Buffer, start: number, end: number): void {
    const need = end - start;
    if (this.used + need > this.buffer.length) this.rotate(need);
    this.used += source.copy(this.buffer, this.used, start, end);
  }

  flush(): Buffer | null {
    if (this.used === 0) return null;
    const out = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    return out;
  }

  private rotate(need: number): void {
    const out = this.flush();
    if (out) this.full.push(out);
    if (need > this.buffer.length) this.buffer = Buffer.allocUnsafe(need);
  }
}

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function sampleLine(sample: Sample, fallbackTs: number): string {
  const labels = Object.entries(sample.labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
  return `${sample.name}${labels ? `{${labels}}` : ''} ${formatValue(sample.value)} ${sample.timestampMs ?? fallbackTs}\n`;
}

function selectorMatches(selector: Selector, labelOf: (label: string) => string): boolean {
  for (const m of selector) if (!matches(m, labelOf(m.label))) return false;
  return true;
}

/**
 * Every matching series of every source, cluster-labelled, in the text
 * format (0.0.4), grouped by metric name (names sorted, clusters in the order
 * given) with one `# TYPE name untyped` per name — the shape Prometheus' own
 * /federate writes. Yields chunks of at most 256 KiB (bigger only for a single
 * larger line).
 *
 * Lines already in canonical form are copied from the scraped body with the
 * cluster label spliced in; others are decoded and re-encoded.
 */
export function* renderFederation(options: RenderOptions): Generator<Buffer> {
  const { sources, selectors, clusterLabel } = options;
  const names = new Set<string>();
  for (const s of sources) for (const name of s.series.names()) names.add(name);
  const sorted = [...names].sort();
  const out = new ChunkWriter();

  for (const name of sorted) {
    // Selectors whose __name__ matchers accept this name; none → skip the name.
    const live = selectors.map((sel) => sel.every((m) => m.label !== '__name__' || matches(m, name)));
    if (!live.includes(true)) continue;
    let headerWritten = false;
    for (const source of sources) {
      if (!source.series.has(name)) continue;
      const series = source.series;
      const clusterPrefix = `${name}{${clusterLabel}="${escapeLabelValue(source.cluster)}"`;
      const writeHeader = (help: string | null) => {
        if (headerWritten) return;
        headerWritten = true;
        if (help !== null) out.text(`# HELP ${name} ${escapeHelp(help)}\n`);
        out.text(`# TYPE ${name} untyped\n`);
      };
      if (series instanceof FederatedSeries) {
        const x = series.exposition;
        const help = x.families.get(name)?.help ?? null;
        const seen = new Set<string>();
        for (const i of x.byName.get(name) ?? []) {
          // A series repeated in the body is written once (the first).
          const text = labelText(x, i, name.length);
          if (seen.has(text)) continue;
          seen.add(text);
          const flags = x.flags[i]!;
          const own = (flags & HAS_RESERVED_LABEL) !== 0;
          const rename = series.labelling.existing === 'rename';
          // The cluster label's value is the cluster's name unless the line brings its own and keeps it.
          const ours = !own || rename;
          let decoded: Sample | null = null;
          const sample = () => (decoded ??= series.sample(name, i));
          let keep = false;
          for (let k = 0; k < selectors.length && !keep; k++) {
            if (!live[k]) continue;
            const sel = selectors[k]!;
            // The name and, on lines without their own cluster label, the cluster label are known without decoding.
            keep = selectorMatches(sel, (label) =>
              label === '__name__' ? name : label === clusterLabel && ours ? source.cluster : (sample().labels[label] ?? ''),
            );
          }
          if (!keep) continue;
          writeHeader(help);
          if ((flags & NOT_CANONICAL) !== 0 || (own && rename && (flags & HAS_EXPORTED_LABEL) !== 0)) {
            out.text(sampleLine(sample(), source.scrapedAt));
            continue;
          }
          // Canonical line: copied from the body, the cluster label spliced in.
          const start = x.starts[i]!;
          const nameEnd = start + name.length;
          const end = x.ends[i]!;
          const body = x.body;
          if (own && !rename) out.bytes(body, start, end);
          else if (own) {
            // Its own cluster label becomes exported_<label>; ours goes first.
            const at = x.reservedAt[i]!;
            out.text(clusterPrefix);
            out.text(',');
            out.bytes(body, nameEnd + 1, at);
            out.text('exported_');
            out.bytes(body, at, end);
          } else {
            out.text(clusterPrefix);
            if (body[nameEnd] === 0x7b && body[nameEnd + 1] !== 0x7d) {
              out.text(',');
              out.bytes(body, nameEnd + 1, end);
            } else {
              out.text('}');
              out.bytes(body, x.labelsEnd[i]!, end);
            }
          }
          out.text((flags & HAS_TIMESTAMP) === 0 ? ` ${source.scrapedAt}\n` : '\n');
          if (out.full.length) yield* out.full.splice(0);
        }
      } else {
        for (const s of series.get(name) ?? []) {
          const labels: Record<string, string> = { ...s.labels };
          labels[clusterLabel] ??= source.cluster;
          if (!selectors.some((sel, k) => live[k] && selectorMatches(sel, (label) => (label === '__name__' ? name : (labels[label] ?? ''))))) continue;
          writeHeader(null);
          out.text(sampleLine({ ...s, labels }, source.scrapedAt));
        }
      }
      if (out.full.length) yield* out.full.splice(0);
    }
  }
  yield* out.full.splice(0);
  const last = out.flush();
  if (last) yield last;
}
