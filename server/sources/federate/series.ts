import { decodeLabelText, decodeValue, labelText } from './decode-line';
import { applyClusterLabel, type ClusterLabelling } from './labelling';
import type { ParsedExposition } from './parse-text';
import type { Sample, SeriesByName } from './sample';

const NO_SAMPLES: readonly Sample[] = Object.freeze([]);

/**
 * One scrape of one cluster, read as `metric name → samples`.
 *
 * Samples are decoded on first `get` of their name and then kept: a scrape
 * carries thousands of series but reports read a handful of names, so most
 * lines are never decoded at all. Every sample carries the cluster label
 * (see ClusterLabelling). Immutable once built; the next scrape builds a new
 * one, so a series that vanished from the body vanishes from here.
 */
export class FederatedSeries implements SeriesByName {
  private readonly decoded = new Map<string, readonly Sample[]>();
  private repeated = 0;
  /** Labels decoded from this body, by label text; the next scrape reuses them. */
  readonly labelsByText = new Map<string, Readonly<Record<string, string>>>();
  /** The previous scrape's decoded labels: a series whose label text did not change is not decoded again. */
  private readonly inherited: ReadonlyMap<string, Readonly<Record<string, string>>>;

  /**
   * `previous`: the same cluster's previous scrape. Only its label map is
   * kept (not the scrape), so memory holds at most two generations.
   */
  constructor(
    readonly exposition: ParsedExposition,
    readonly labelling: ClusterLabelling,
    previous?: FederatedSeries | null,
  ) {
    this.inherited = previous?.labelsByText ?? new Map();
  }

  /** Repeated series dropped so far: by the scan (on consecutive lines) and by reads of names. */
  get duplicates(): number {
    return this.exposition.duplicates + this.repeated;
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
    const samples: Sample[] = [];
    // A series repeated in the body (same label text, so the same labels object) is kept once:
    // the first, as Prometheus keeps the first sample.
    const seen = new Set<Readonly<Record<string, string>>>();
    for (const i of indices) {
      const labels = this.labelsOf(labelText(this.exposition, i, name.length));
      if (seen.has(labels)) {
        this.repeated++;
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

  /** Sample `i` of the body, decoded (its labels shared with other samples of the same label text). */
  sample(name: string, i: number, text = labelText(this.exposition, i, name.length)): Sample {
    const labels = this.labelsOf(text);
    const { value, timestampMs } = decodeValue(this.exposition, i);
    return Object.freeze({ name, labels, value, timestampMs });
  }

  /** The labels of a label text (cluster label applied): from this scrape, else the previous one, else decoded. */
  private labelsOf(text: string): Readonly<Record<string, string>> {
    let labels = this.labelsByText.get(text);
    if (!labels) {
      labels = this.inherited.get(text) ?? Object.freeze(applyClusterLabel(decodeLabelText(text), this.labelling));
      this.labelsByText.set(text, labels);
    }
    return labels;
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
