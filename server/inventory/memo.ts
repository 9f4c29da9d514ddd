import type { ScrapedSeries } from '../fleet/series';

/**
 * The last value of one section of one cluster's inventory, kept while the
 * metrics it was read from carry the same series and values (ScrapedSeries
 * .version): a fleet is scraped every few seconds, but most of what
 * kube-state-metrics exports does not change between scrapes, so most
 * sections are read once and then reused scrape after scrape.
 *
 * A section's reader must depend only on the labels and values of those
 * metrics (not their timestamps) and on nothing that changes between calls.
 * Absent metrics have the version null, so "still absent" also counts as
 * unchanged.
 */
export class SectionMemo<T> {
  private kept: { readonly versions: readonly (object | null)[]; readonly value: T } | null = null;

  read(series: ScrapedSeries, names: readonly string[], compute: () => T): T {
    const kept = this.kept;
    if (kept !== null && kept.versions.length === names.length && names.every((name, k) => series.version(name) === kept.versions[k])) return kept.value;
    const value = compute();
    this.kept = { versions: names.map((name) => series.version(name)), value };
    return value;
  }
}
