import { decodeLabelText, decodeValue, labelText } from './decode-line';
import { applyClusterLabel, type ClusterLabelling } from './labelling';
import type { ParsedExposition } from './parse-text';
import type { Sample, SeriesByName } from './sample';

type Labels = Readonly<Record<string, string>>;

const NO_SAMPLES: readonly Sample[] = Object.freeze([]);

/**
 * One scrape of one cluster, read as `metric name → samples`.
 *
 * Samples are decoded on first `get` of their name and then kept: a scrape
 * carries thousands of series but reports read a handful of names, so most
 * lines are never decoded at all. A line that repeats a series of the
 * previous scrape (see ParsedExposition.previousLine) takes that scrape's
 * labels object as is; only new series are decoded from their text. Every
 * sample carries the cluster label (see ClusterLabelling). Immutable once
 * built; the next scrape builds a new one, so a series that vanished from the
 * body vanishes from here.
 */
export class FederatedSeries implements SeriesByName {
  private readonly decoded = new Map<string, readonly Sample[]>();
  private dropped = 0;
  /**
   * The labels of each sample decoded so far, by sample index. Within one
   * scrape a label text has one labels object, so a series repeated in the
   * body is found by identity.
   */
  readonly labelsAt: Array<Labels | undefined>;
  /** The previous scrape's labelsAt (not the scrape itself, so memory holds at most two generations of it). */
  private readonly previousLabels: ReadonlyArray<Labels | undefined> | null;

  /** `previous`: the same cluster's previous scrape, the one `exposition` was scanned against. */
  constructor(
    readonly exposition: ParsedExposition,
    readonly labelling: ClusterLabelling,
    previous?: FederatedSeries | null,
  ) {
    this.labelsAt = new Array<Labels | undefined>(exposition.count);
    this.previousLabels = previous?.labelsAt ?? null;
  }

  /** Repeated series dropped so far: by the scan (on consecutive lines) and by reads of names. */
  get duplicates(): number {
    return this.exposition.duplicates + this.dropped;
  }

  get size(): number {
    return this.exposition.byName.size;
  }

  has(name: string): boolean {
    return this.exposition.byName.has(name);
  }

  get(name: string): readonly Sample[] | undefined {
    const cached = this.decoded.get(name);
    if (cached) return cached;
    const indices = this.exposition.byName.get(name);
    if (!indices) return undefined;
    this.decodeLabels(indices, name.length);
    const samples: Sample[] = [];
    // A series repeated in the body (one labels object) is kept once: the first, as Prometheus keeps the first sample.
    const seen = new Set<Labels>();
    for (const i of indices) {
      const labels = this.labelsAt[i]!;
      if (seen.has(labels)) {
        this.dropped++;
        continue;
      }
      seen.add(labels);
      const { value, timestampMs } = decodeValue(this.exposition, i);
      samples.push(Object.freeze({ name, labels, value, timestampMs }));
    }
    const frozen = Object.freeze(samples);
    this.decoded.set(name, frozen);
    return frozen;
  }

  /**
   * Fills labelsAt for the samples of one name: from the previous scrape for
   * repeated lines; when some line is new, from the text, sharing one object
   * per label text across the whole name.
   */
  private decodeLabels(indices: readonly number[], nameLength: number): void {
    const x = this.exposition;
    const at = this.labelsAt;
    const previous = this.previousLabels;
    let complete = true;
    for (const i of indices) {
      if (at[i] !== undefined) continue;
      const j = x.previousLine[i]!;
      const labels = j >= 0 && previous !== null ? previous[j] : undefined;
      if (labels === undefined) complete = false;
      else at[i] = labels;
    }
    if (complete) return;
    const byText = new Map<string, Labels>();
    for (const i of indices) {
      const labels = at[i];
      if (labels === undefined) continue;
      const text = labelText(x, i, nameLength);
      if (!byText.has(text)) byText.set(text, labels);
    }
    for (const i of indices) {
      if (at[i] !== undefined) continue;
      const text = labelText(x, i, nameLength);
      let labels = byText.get(text);
      if (!labels) byText.set(text, (labels = Object.freeze(applyClusterLabel(decodeLabelText(text), this.labelling))));
      at[i] = labels;
    }
  }

  /** Sample `i` of the body, decoded (its labels shared with other samples of the series when already decoded). */
  sample(name: string, i: number): Sample {
    const j = this.exposition.previousLine[i]!;
    const labels =
      this.labelsAt[i] ??
      (j >= 0 ? this.previousLabels?.[j] : undefined) ??
      Object.freeze(applyClusterLabel(decodeLabelText(labelText(this.exposition, i, name.length)), this.labelling));
    const { value, timestampMs } = decodeValue(this.exposition, i);
    return Object.freeze({ name, labels, value, timestampMs });
  }

  keys(): MapIterator<string> {
    return this.exposition.byName.keys();
  }

  *values(): MapIterator<readonly Sample[]> {
    for (const name of this.exposition.byName.keys()) yield this.get(name) ?? NO_SAMPLES;
  }

  *entries(): MapIterator<[string, readonly Sample[]]> {
    for (const name of this.exposition.byName.keys()) yield [name, this.get(name) ?? NO_SAMPLES];
  }

  [Symbol.iterator](): MapIterator<[string, readonly Sample[]]> {
    return this.entries();
  }

  forEach(callback: (value: readonly Sample[], key: string, map: ReadonlyMap<string, readonly Sample[]>) => void, thisArg?: unknown): void {
    for (const [name, samples] of this.entries()) callback.call(thisArg, samples, name, this);
  }
}
