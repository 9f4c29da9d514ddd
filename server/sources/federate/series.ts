import type { BodyLease } from '../body-pool';
import { compactLabels } from './compact-labels';
import { decodeLabelText, decodeTimestamp, decodeValue, labelText } from './decode-line';
import { applyClusterLabel, type ClusterLabelling } from './labelling';
import type { ParsedExposition } from './scan-types';
import type { Labels, Sample, ScrapedSeries, TextOptions, TextSink, TextWriter } from '../../fleet/series';
import { nameTextWriter } from './write-text';

/** Scrapes a name's labels are carried without anyone reading them (two minutes at 15 s). */
const CARRY_SCRAPES = 8;

/**
 * One scrape of one cluster, read as `metric name → samples`.
 *
 * Samples are decoded on first `get` of their name and then kept: a scrape
 * carries thousands of series but reports read a handful of names, so most
 * lines are never decoded at all. For the names read lately, a line that
 * repeats a series of the previous scrape (see ParsedExposition.previousLine)
 * takes that scrape's labels object as is; only new series are decoded from
 * their text. Every sample carries the cluster label (see ClusterLabelling).
 * Immutable once built; the next scrape builds a new one, so a series that
 * vanished from the body vanishes from here.
 */
export class FederatedSeries implements ScrapedSeries {
  private readonly decoded = new Map<string, readonly Sample[]>();
  private dropped = 0;
  /**
   * The labels of the samples decoded or carried so far: for each name read
   * or carried, by position in the name's list (ParsedExposition.byName).
   * Only those names have a list, so a scrape holds a slot per sample of the
   * few names reports read, not one per line. Within one scrape a label text
   * has one labels object, so a series repeated in the body is found by
   * identity.
   */
  private readonly labelsByName = new Map<string, Array<Labels | undefined>>();
  /**
   * One object per name that stays the same from scrape to scrape while the
   * name's series and values do (ParsedExposition.unchanged): what a memo
   * of something computed from the name compares (see ScrapedSeries.version).
   */
  readonly versions = new Map<string, object>();
  /**
   * Names whose labels are carried from scrape to scrape, with the number of
   * scrapes since one read them (0: read in this one). A repeated line of
   * such a name takes the previous scrape's labels object when the scrape is
   * built, so a name read every few scrapes is not decoded again, while one
   * nobody reads for CARRY_SCRAPES scrapes stops holding its labels.
   */
  private readonly readAge = new Map<string, number>();
  /**
   * Label names and values decoded in this scrape, each held once, as a
   * string of its own: a slice of the line's text would keep the whole text
   * alive for as long as any report keeps the value. The previous scrape's
   * are looked in first, so a value seen scrape after scrape is one string.
   */
  private readonly strings = new Map<string, string>();
  private readonly previousStrings: ReadonlyMap<string, string> | null;

  /**
   * Built by readScrape, which scans the body; `exposition` (the scan's
   * arrays) is this folder's own: outside, a scrape is read through
   * ScrapedSeries. `previous`: the same cluster's previous scrape, the one
   * `exposition` was scanned against. `lease`: the pooled buffer holding the body, when it is
   * one (see BodyPool): once it expires the body is no longer read.
   */
  constructor(
    readonly exposition: ParsedExposition,
    readonly labelling: ClusterLabelling,
    previous?: FederatedSeries | null,
    private readonly lease?: BodyLease,
  ) {
    if (previous) this.carryLabels(previous);
    this.previousStrings = previous?.strings ?? null;
    exposition.names.forEach((name, k) => {
      const kept = exposition.unchanged[k] === 1 ? previous?.versions.get(name) : undefined;
      this.versions.set(name, kept ?? {});
    });
  }

  private carryLabels(previous: FederatedSeries): void {
    const previousLine = this.exposition.previousLine;
    // A repeated line repeats the name too, so the previous line is in the previous list of the same name.
    const previousPosition = previous.exposition.positionInName;
    for (const [name, age] of previous.readAge) {
      const indices = age < CARRY_SCRAPES ? this.exposition.byName.get(name) : undefined;
      const from = previous.labelsByName.get(name);
      if (!indices || !from) continue;
      const to = new Array<Labels | undefined>(indices.length);
      for (let k = 0; k < indices.length; k++) {
        const j = previousLine[indices[k]!]!;
        if (j >= 0) to[k] = from[previousPosition[j]!];
      }
      this.labelsByName.set(name, to);
      this.readAge.set(name, age + 1);
    }
  }

  version(name: string): object | null {
    return this.versions.get(name) ?? null;
  }

  /** Repeated series dropped so far: by the scan (on consecutive lines) and by reads of names. */
  get duplicates(): number {
    return this.exposition.duplicates + this.dropped;
  }

  /** Sample lines the scan kept (a series repeated on the next line counted once). */
  get sampleCount(): number {
    return this.exposition.count;
  }

  /** The scraped body (in a pooled buffer when the scraper has a pool). */
  get body(): Buffer {
    return this.exposition.body;
  }

  get size(): number {
    return this.exposition.byName.size;
  }

  has(name: string): boolean {
    return this.exposition.byName.has(name);
  }

  /**
   * Keeps the body readable until the returned function is called, for a
   * reader that may outlive this scrape's turn as the cluster's current data
   * (a /federate response streaming to a slow client).
   */
  hold(): () => void {
    this.checkBody();
    return this.lease?.pin() ?? (() => {});
  }

  help(name: string): string | null {
    return this.exposition.families.get(name)?.help ?? null;
  }

  /** Copies the lines of `name` from the body where it can (see write-text.ts). */
  textWriter(name: string, options: TextOptions, out: TextSink): TextWriter {
    const writer = nameTextWriter(this, name, options, out);
    return {
      write: (series) => {
        this.checkBody();
        return writer.write(series);
      },
    };
  }

  /** Decoding reads the body: a scrape read after its pooled buffer went to a later scrape is a bug, never wrong numbers. */
  private checkBody(): void {
    if (this.lease?.expired)
      throw new Error(`${this.labelling.cluster}: this scrape was read after its body buffer went back to the pool; hold() it while it may be read`);
  }

  get(name: string): readonly Sample[] | undefined {
    const cached = this.decoded.get(name);
    if (cached) return cached;
    const indices = this.exposition.byName.get(name);
    if (!indices) return undefined;
    this.checkBody();
    const labelsOf = this.decodeLabels(name, indices);
    this.readAge.set(name, 0);
    const samples: Sample[] = [];
    // A series repeated in the body (one labels object) is kept once: the first, as Prometheus keeps the first sample.
    const seen = new Set<Labels>();
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const labels = labelsOf[k]!;
      if (seen.has(labels)) {
        this.dropped++;
        continue;
      }
      seen.add(labels);
      samples.push(Object.freeze({ name, labels, value: decodeValue(this.exposition, i), timestampMs: decodeTimestamp(this.exposition, i) }));
    }
    const frozen = Object.freeze(samples);
    this.decoded.set(name, frozen);
    return frozen;
  }

  /**
   * The labels of every sample of one name, by position: lines carried from
   * the previous scrape have theirs already; when some line is new (or the
   * name was not carried), it is decoded from the text, sharing one object
   * per label text across the whole name.
   */
  private decodeLabels(name: string, indices: Int32Array): ReadonlyArray<Labels | undefined> {
    const x = this.exposition;
    let at = this.labelsByName.get(name);
    if (!at) this.labelsByName.set(name, (at = new Array<Labels | undefined>(indices.length)));
    let complete = true;
    for (let k = 0; k < at.length && complete; k++) complete = at[k] !== undefined;
    if (complete) return at;
    const byText = new Map<string, Labels>();
    for (let k = 0; k < indices.length; k++) {
      const labels = at[k];
      if (labels === undefined) continue;
      const text = labelText(x, indices[k]!, name.length);
      if (!byText.has(text)) byText.set(text, labels);
    }
    for (let k = 0; k < indices.length; k++) {
      if (at[k] !== undefined) continue;
      const text = labelText(x, indices[k]!, name.length);
      let labels = byText.get(text);
      if (!labels) byText.set(text, (labels = this.decodeText(text)));
      at[k] = labels;
    }
    return at;
  }

  /** Sample `i` of the body, decoded (its labels shared with other samples of the series when already decoded). */
  sample(name: string, i: number): Sample {
    this.checkBody();
    const labels = this.labelsByName.get(name)?.[this.exposition.positionInName[i]!] ?? this.decodeText(labelText(this.exposition, i, name.length));
    return Object.freeze({ name, labels, value: decodeValue(this.exposition, i), timestampMs: decodeTimestamp(this.exposition, i) });
  }

  private decodeText(text: string): Labels {
    return Object.freeze(compactLabels(applyClusterLabel(decodeLabelText(text, this.intern), this.labelling)));
  }

  private readonly intern = (s: string): string => {
    let kept = this.strings.get(s);
    if (kept === undefined) {
      // Short slices are copies already; a longer one is copied so it does not hold the line's text.
      kept = this.previousStrings?.get(s) ?? (s.length < 13 ? s : Buffer.from(s, 'utf16le').toString('utf16le'));
      this.strings.set(kept, kept);
    }
    return kept;
  };

  names(): MapIterator<string> {
    return this.exposition.byName.keys();
  }
}
