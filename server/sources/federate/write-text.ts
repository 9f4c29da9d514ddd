import type { Sample, TextOptions, TextSink, TextWriter } from '../../fleet/series';
import { labelText } from './decode-line';
import { HAS_EXPORTED_LABEL, HAS_RESERVED_LABEL, HAS_TIMESTAMP, NOT_CANONICAL, type ParsedExposition } from './scan-types';
import type { FederatedSeries } from './series';
import { escapeLabelValue, sampleLine } from './text-format';

/**
 * FederatedSeries.textWriter: a scrape's lines of one name, re-exposed. A
 * line the scan found in canonical form (what Prometheus writes) is copied
 * from the body with the cluster label spliced in, so re-exposing a fleet
 * costs little more than copying its bodies; any other line is decoded and
 * written again.
 */
export function nameTextWriter(scrape: FederatedSeries, name: string, options: TextOptions, out: TextSink): TextWriter {
  const x = scrape.exposition;
  const lines = new NameLines(scrape, name, options, out);
  const indices = x.byName.get(name) ?? [];
  const seen = new Set<string>();
  let k = 0;
  return {
    write(series) {
      const end = Math.min(indices.length, k + series);
      for (; k < end; k++) {
        const i = indices[k]!;
        // A series repeated in the body is written once (the first).
        const text = labelText(x, i, name.length);
        if (seen.has(text)) continue;
        seen.add(text);
        lines.write(i);
      }
      return k < indices.length;
    },
  };
}

/** The lines of one name of one scrape: what they share, and the line being written. */
class NameLines {
  private readonly x: ParsedExposition;
  private readonly rename: boolean;
  /** `name{cluster="…"`: how a copied line starts when the cluster label is ours. */
  private readonly prefix: string;
  /** `cluster="…"` with the cluster's name: a line's own label that only repeats it. */
  private readonly ownPair: Buffer;
  private i = 0;
  /** Whether the line's cluster label is the cluster's name (it has none, or its own is renamed). */
  private ours = true;
  private decoded: Sample | null = null;

  constructor(
    private readonly scrape: FederatedSeries,
    private readonly name: string,
    private readonly options: TextOptions,
    private readonly out: TextSink,
  ) {
    this.x = scrape.exposition;
    this.rename = scrape.labelling.existing === 'rename';
    this.prefix = `${name}{${options.clusterLabel}="${escapeLabelValue(options.cluster)}"`;
    this.ownPair = Buffer.from(`${options.clusterLabel}="${escapeLabelValue(options.cluster)}"`);
  }

  write(i: number): void {
    const flags = this.x.flags[i]!;
    const own = (flags & HAS_RESERVED_LABEL) !== 0;
    this.i = i;
    this.decoded = null;
    this.ours = !own || this.rename;
    if (!this.options.keep(this.labelOf)) return;
    // A renamed label whose exported_ name is taken moves further (exported_exported_…): only decoding knows where.
    if ((flags & NOT_CANONICAL) !== 0 || (own && this.rename && (flags & HAS_EXPORTED_LABEL) !== 0)) {
      this.out.text(sampleLine(this.sample(), this.options.fallbackTimestampMs));
      return;
    }
    if (!own) copyWithClusterLabel(this.x, i, this.name.length, this.prefix, this.out);
    else if (this.rename && repeatsCluster(this.x, i, this.ownPair))
      copyDroppingClusterLabel({ x: this.x, i, nameLength: this.name.length, prefix: this.prefix, pair: this.ownPair }, this.out);
    else if (this.rename) copyRenamingClusterLabel(this.x, i, this.name.length, this.prefix, this.out);
    else this.out.bytes(this.x.body, this.x.starts[i]!, this.x.ends[i]!);
    this.out.text((flags & HAS_TIMESTAMP) === 0 ? ` ${this.options.fallbackTimestampMs}\n` : '\n');
  }

  /** The name and, on lines without their own cluster label, the cluster label are known without decoding. */
  private readonly labelOf = (label: string): string =>
    label === '__name__' ? this.name : label === this.options.clusterLabel && this.ours ? this.options.cluster : (this.sample().labels[label] ?? '');

  private sample(): Sample {
    return (this.decoded ??= this.scrape.sample(this.name, this.i));
  }
}

/** Canonical line `i` without a cluster label: ours goes first. */
function copyWithClusterLabel(x: ParsedExposition, i: number, nameLength: number, prefix: string, out: TextSink): void {
  const body = x.body;
  const nameEnd = x.starts[i]! + nameLength;
  const end = x.ends[i]!;
  out.text(prefix);
  // "name{}" has no labels to follow ours.
  if (body[nameEnd] === 0x7b && body[nameEnd + 1] !== 0x7d) {
    out.text(',');
    out.bytes(body, nameEnd + 1, end);
  } else {
    out.text('}');
    out.bytes(body, x.labelsEnd[i]!, end);
  }
}

/** Whether canonical line `i`'s own cluster label is exactly `pair` (`cluster="<the cluster's name>"`). */
function repeatsCluster(x: ParsedExposition, i: number, pair: Buffer): boolean {
  const at = x.reservedAt[i]!;
  const end = at + pair.length;
  const next = x.body[end];
  return (next === 0x2c || next === 0x7d) && x.body.compare(pair, 0, pair.length, at, end) === 0;
}

/** Canonical line `i` whose own cluster label is `pair` (see repeatsCluster): ours goes first, the repeat is left out. */
function copyDroppingClusterLabel(line: { x: ParsedExposition; i: number; nameLength: number; prefix: string; pair: Buffer }, out: TextSink): void {
  const { x, i } = line;
  const body = x.body;
  const labelsStart = x.starts[i]! + line.nameLength + 1;
  const at = x.reservedAt[i]!;
  const after = at + line.pair.length;
  out.text(line.prefix);
  if (body[after] === 0x2c) {
    // `{…cluster="x",more…}`: the labels before it (each with its comma), then the ones after.
    out.text(',');
    out.bytes(body, labelsStart, at);
    out.bytes(body, after + 1, x.ends[i]!);
    return;
  }
  // `{…,cluster="x"}`: the labels before it without their last comma, then the rest of the line.
  if (at > labelsStart) {
    out.text(',');
    out.bytes(body, labelsStart, at - 1);
  }
  out.bytes(body, after, x.ends[i]!);
}

/** Canonical line `i` with a cluster label of its own: that becomes exported_<label>, and ours goes first. */
function copyRenamingClusterLabel(x: ParsedExposition, i: number, nameLength: number, prefix: string, out: TextSink): void {
  const body = x.body;
  const nameEnd = x.starts[i]! + nameLength;
  const at = x.reservedAt[i]!;
  out.text(prefix);
  out.text(',');
  out.bytes(body, nameEnd + 1, at);
  out.text('exported_');
  out.bytes(body, at, x.ends[i]!);
}
