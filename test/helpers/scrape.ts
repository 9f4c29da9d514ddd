import type { Sample } from '../../server/fleet/series';
import { readScrape } from '../../server/sources/federate/read-scrape';
import type { FederatedSeries } from '../../server/sources/federate/series';
import { formatValue } from '../../server/sources/federate/value';

/** A sample for scrapeOf: a whole Sample, or [name, labels, value] as the recorded fixtures write them. */
export type SampleInput = Pick<Sample, 'name' | 'labels' | 'value'> & { timestampMs?: number | null };

export interface ScrapeOptions {
  /** The cluster whose scrape this is (its name goes into the cluster label); default "prod-eu". */
  cluster?: string;
  /** What a sample's own cluster label does: "keep" (default here, so tests' labels read back as written) or "rename". */
  existing?: 'keep' | 'rename';
  /** The same cluster's previous scrape, so versions and labels carry as between two real scrapes. */
  previous?: FederatedSeries | null;
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function line(s: SampleInput): string {
  const labels = Object.entries(s.labels)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',');
  const ts = s.timestampMs === null || s.timestampMs === undefined ? '' : ` ${s.timestampMs}`;
  return `${s.name}${labels ? `{${labels}}` : ''} ${formatValue(s.value)}${ts}\n`;
}

/** The exposition text of `samples`, grouped by name in order of first appearance (as /federate writes it). */
export function expositionText(samples: readonly SampleInput[]): string {
  const byName = new Map<string, SampleInput[]>();
  for (const s of samples) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  return [...byName.values()].flatMap((list) => list.map(line)).join('');
}

/**
 * A scrape of `samples` as the federation source makes one: the samples
 * written in the text format, scanned and read by the real parser, so a test
 * snapshot holds the same kind of series the server does.
 */
export function scrapeOf(samples: readonly SampleInput[], options: ScrapeOptions = {}): FederatedSeries {
  return scrapeOfText(expositionText(samples), options);
}

/** A scrape of exposition text, as scrapeOf. */
export function scrapeOfText(text: string, options: ScrapeOptions = {}): FederatedSeries {
  const labelling = { label: 'cluster', cluster: options.cluster ?? 'prod-eu', existing: options.existing ?? 'keep' };
  const read = readScrape(Buffer.from(text, 'utf8'), { labelling, previous: options.previous });
  if (!read.ok) throw new Error(`scrapeOf: line ${read.line}: ${read.message}`);
  return read.series;
}
