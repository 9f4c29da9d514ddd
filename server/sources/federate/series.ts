import { decodeLabels, decodeValue } from './decode-line';
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

  constructor(
    readonly exposition: ParsedExposition,
    readonly labelling: ClusterLabelling,
  ) {}

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
    for (const i of indices) samples.push(this.sample(name, i));
    const frozen = Object.freeze(samples);
    this.decoded.set(name, frozen);
    return frozen;
  }

  /** Sample `i` of the body, decoded (not cached). */
  sample(name: string, i: number): Sample {
    const labels = Object.freeze(applyClusterLabel(decodeLabels(this.exposition, i), this.labelling));
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
