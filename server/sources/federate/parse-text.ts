import { isUtf8 as bufferIsUtf8 } from 'node:buffer';
import { isFloatToken } from './value';

/**
 * The Prometheus text exposition format (0.0.4), read in one validating pass
 * over the raw bytes. https://prometheus.io/docs/instrumenting/exposition_formats/
 *
 * This is the hot path of the aggregator: a fleet of 100 clusters × 10,000
 * series is a million lines every interval. So the scan allocates nothing per
 * sample; it records where each sample line is, keeps the body, and leaves
 * decoding labels and values to the metric names that are actually read
 * (see decode-line.ts). Given the previous scan of the same source, a line
 * whose series text repeats it is checked by one byte comparison
 * (ScanOptions.previous); docs/federation.md has the paths and figures.
 * Like Prometheus' own scraper, one malformed line fails the whole scrape
 * (the caller keeps the previous data) rather than silently dropping series.
 */

/** Metric family metadata from `# HELP` / `# TYPE` lines. */
export interface FamilyMeta {
  readonly type: MetricType | null;
  readonly help: string | null;
}

export const METRIC_TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** Per-sample flags. */
export const HAS_TIMESTAMP = 1;
/** The line already carries the label the fleet injects (the cluster label). */
export const HAS_RESERVED_LABEL = 2;
/** The line also carries `exported_<reserved label>`. */
export const HAS_EXPORTED_LABEL = 8;
/** Not in the exact form `name{a="b",…} value[ ts]` (extra blanks, trailing comma, unusual escape): re-encode instead of copying. */
export const NOT_CANONICAL = 4;

/**
 * A scanned exposition body. Sample `i` is the line `body[starts[i], ends[i])`;
 * its label block (with braces) ends at `labelsEnd[i]`. Indices in `byName`
 * are in body order. A series repeated on the next line is dropped here;
 * repeats further apart are dropped when read (FederatedSeries keeps the
 * first, as Prometheus keeps the first sample of a duplicate).
 */
export interface ParsedExposition {
  readonly body: Buffer;
  readonly count: number;
  readonly starts: Int32Array;
  readonly labelsEnd: Int32Array;
  readonly ends: Int32Array;
  readonly flags: Uint8Array;
  /** Where the reserved label's name starts, for samples flagged HAS_RESERVED_LABEL (else 0). */
  readonly reservedAt: Int32Array;
  readonly byName: ReadonlyMap<string, Int32Array>;
  /** Where each sample is in its name's list in `byName`. */
  readonly positionInName: Int32Array;
  /** The metric name of each sample, as an index into `names`. */
  readonly nameOf: Int32Array;
  /** Metric names in order of first appearance (the keys of byName). */
  readonly names: readonly string[];
  /** Sample lines read by comparison with the previous scan (see ScanOptions.previous). */
  readonly repeated: number;
  /** For each sample, the previous scan's sample with the same series text, or -1 (a new series, or no previous scan). */
  readonly previousLine: Int32Array;
  /** Where each sample's value ends (its timestamp, if any, follows). */
  readonly valueEnd: Int32Array;
  /**
   * Per name (index into `names`): 1 when the name's samples are the previous
   * scan's, series for series and value for value (timestamps aside); else 0.
   */
  readonly unchanged: Uint8Array;
  /** Lines dropped because the same series (same name and label text) was on the line before. */
  readonly duplicates: number;
  readonly families: ReadonlyMap<string, FamilyMeta>;
  /** The comment lines, in order: where each is and what it said (null: neither HELP nor TYPE). */
  readonly comments: readonly CommentLine[];
}

/** What a `# HELP` or `# TYPE` line says. */
export type Comment = { kind: 'TYPE'; name: string; type: MetricType } | { kind: 'HELP'; name: string; help: string };

export interface CommentLine {
  readonly start: number;
  readonly end: number;
  readonly comment: Comment | null;
}

export type ParseResult = { ok: true; exposition: ParsedExposition } | { ok: false; line: number; message: string };

export interface ScanOptions {
  /** A label name to flag when present (the cluster label); see HAS_RESERVED_LABEL. */
  reservedLabel?: string;
  /**
   * The same source's previous scan (with the same reservedLabel). A line
   * whose series text is byte for byte one the previous scan accepted is
   * not validated again: only its value and timestamp are. /federate
   * answers the same series in the same order every time, so in steady state
   * almost every line takes this path.
   */
  previous?: ParsedExposition | null;
  /**
   * Arrays to write the scan's offsets into, reused when long enough and
   * left holding the ones this scan used. Every scan of a fleet's million
   * lines would otherwise make new arrays of megabytes, memory outside the
   * heap that makes V8 collect the whole heap early (see BodyLease.extras,
   * which keeps them with the body's buffer). The previous scan's result
   * reads them until the storage is given to another scan.
   */
  storage?: ScanStorage;
}

/** The typed arrays behind a scan's result, for a later scan to reuse (ScanOptions.storage). */
export interface ScanStorage {
  /** The arrays of ParsedExposition of these names, whole (not cut to the count); `order`: the indices byName's lists are views of. */
  ints: Partial<Record<'starts' | 'labelsEnd' | 'ends' | 'reservedAt' | 'nameOf' | 'previousLine' | 'valueEnd' | 'order' | 'positionInName', Int32Array>>;
  flags?: Uint8Array;
}

export function createScanStorage(): ScanStorage {
  return { ints: {} };
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const HASH = 0x23;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const COMMA = 0x2c;
const EQUALS = 0x3d;

export function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a;
}
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}
export function isLabelStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}
export function isLabelChar(c: number): boolean {
  return isLabelStart(c) || (c >= 0x30 && c <= 0x39);
}
function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** True when body[s, e) is well-formed UTF-8. */
export function isUtf8(b: Buffer, s: number, e: number): boolean {
  let i = s;
  while (i < e) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (n = 1), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (n = 2), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (n = 3), (min = 0x10000);
    else return false;
    if (i + n >= e) return false;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

class Growable {
  array: Int32Array;
  /** `reuse`: an array to write into when it holds `size` (its old contents are overwritten as the scan goes). */
  constructor(size: number, reuse?: Int32Array) {
    this.array = reuse !== undefined && reuse.length >= size ? reuse : new Int32Array(size);
  }
  set(i: number, v: number): void {
    if (i >= this.array.length) {
      const next = new Int32Array(this.array.length * 2);
      next.set(this.array);
      this.array = next;
    }
    this.array[i] = v;
  }
}

/** Scans a whole exposition body. Never throws on input; a malformed line is reported with its number. */
export function parseExposition(body: Buffer, options: ScanOptions = {}): ParseResult {
  const scanner = new Scanner(body, options.reservedLabel, options.previous ?? null, options.storage);
  const failed = scanner.run();
  return failed === null ? { ok: true, exposition: scanner.result() } : failed;
}

/**
 * The state of one scan. Lines that repeat the previous scan are read on
 * the bytes (repeatedLine). Other lines are read through a latin1 string of
 * the body, made on the first such line (one char per byte, so positions are
 * byte offsets): the engine's string search then jumps over label values,
 * which are most of the bytes. UTF-8 is checked once for the whole body,
 * natively.
 */
class Scanner {
  readonly families = new Map<string, FamilyMeta>();
  /** Metric names in order of first appearance, their index, and how many samples each has. */
  private readonly names: string[] = [];
  private readonly nameIndexes = new Map<string, number>();
  private readonly counts: number[] = [];
  private readonly nameOf: Growable;
  private readonly previousLine: Growable;
  private readonly valueEnd: Growable;
  /** Per name: lines that repeat a line of the previous scan with the same value. */
  private readonly sameValue: number[] = [];
  private readonly reserved: string | null;
  private readonly exported: string | null;
  private readonly reservedAt: Growable;
  /** Where the current line's reserved label starts. */
  private lineReservedAt = 0;
  /** The body as a latin1 string, made on first use: in steady state every line repeats and it is never needed. */
  private textCache: string | null = null;
  private readonly starts: Growable;
  private readonly labelsEnd: Growable;
  private readonly ends: Growable;
  private flags: Uint8Array;
  private count = 0;
  private duplicates = 0;
  private lastSeriesStart = -1;
  private lastSeriesEnd = -1;
  /** Label name ranges of the current line (start, length), for the duplicate-label check. */
  private labelRanges = new Int32Array(64);
  /** The previous line's name and series text, so a run of lines of one family looks its name up once. */
  private lastNameStart = 0;
  private lastNameLen = -1;
  private lastName = -1;
  /** The next line of the previous scan expected here; the previous scan line the last line repeated (-1: none). */
  private cursor = 0;
  private lastReused = -1;
  private repeated = 0;
  private readonly comments: CommentLine[] = [];
  /** The next comment line of the previous scan expected. */
  private commentCursor = 0;
  /** The previous scan's name index → this scan's. */
  private readonly nameMap: Int32Array;
  /** Position of the next backslash in the body (searched again only once passed). */
  private nextBackslash = -1;

  constructor(
    private readonly body: Buffer,
    reservedLabel: string | undefined,
    private readonly previous: ParsedExposition | null,
    private readonly storage: ScanStorage | undefined,
  ) {
    this.reserved = reservedLabel ?? null;
    this.exported = reservedLabel === undefined ? null : `exported_${reservedLabel}`;
    // The previous scan's count, else a rough guess from the size, keeps re-allocation rare; the arrays grow when it is low.
    const guess = previous ? previous.count + 64 : Math.max(16, Math.ceil(body.length / 64));
    const reuse = storage?.ints ?? {};
    this.starts = new Growable(guess, reuse.starts);
    this.labelsEnd = new Growable(guess, reuse.labelsEnd);
    this.ends = new Growable(guess, reuse.ends);
    this.reservedAt = new Growable(guess, reuse.reservedAt);
    this.nameOf = new Growable(guess, reuse.nameOf);
    this.previousLine = new Growable(guess, reuse.previousLine);
    this.valueEnd = new Growable(guess, reuse.valueEnd);
    const flags = storage?.flags;
    this.flags = flags !== undefined && flags.length >= guess ? flags : new Uint8Array(guess);
    this.nameMap = new Int32Array(previous?.names.length ?? 0).fill(-1);
  }

  private get text(): string {
    return (this.textCache ??= this.body.toString('latin1'));
  }

  /** Scans every line; returns the first problem, or null. Returns nothing else so the hot loop ends without new work. */
  run(): Extract<ParseResult, { ok: false }> | null {
    const body = this.body;
    if (!bufferIsUtf8(body)) return firstBadUtf8Line(body);
    const length = body.length;
    let lineNo = 0;
    let lineStart = 0;
    while (lineStart < length) {
      if (this.previous !== null) {
        const next = this.repeatedLine(lineStart);
        if (next !== -1) {
          lineNo++;
          lineStart = next;
          continue;
        }
      }
      if (body[lineStart] === HASH) {
        // A comment (# HELP, # TYPE) is read on the bytes too (no latin1 copy of the body for it),
        // and not read again when it repeats a comment line of the previous scan.
        let lineEnd = lineStart;
        while (lineEnd < length && body[lineEnd] !== LF) lineEnd++;
        lineNo++;
        const e = lineEnd > lineStart && body[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
        const repeated = this.repeatedComment(lineStart, e);
        const comment = repeated === undefined ? readComment(body, lineStart + 1, e) : repeated;
        if (typeof comment === 'string') return failAt(body, lineNo, lineStart, e, comment);
        this.addComment(lineStart, e, comment);
        lineStart = lineEnd + 1;
        continue;
      }
      const t = this.text;
      let lineEnd = t.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = length;
      lineNo++;
      let e = lineEnd;
      if (e > lineStart && t.charCodeAt(e - 1) === CR) e--;
      let p = lineStart;
      while (p < e && isBlank(t.charCodeAt(p))) p++;
      if (p < e) {
        const c = t.charCodeAt(p);
        let problem: string | null = null;
        if (c === HASH) {
          const comment = readComment(body, p + 1, e);
          if (typeof comment === 'string') problem = comment;
          else this.addComment(lineStart, e, comment);
        } else if (p > lineStart || !this.canonicalLine(p, e)) problem = this.sampleLine(p, e, p > lineStart ? NOT_CANONICAL : 0);
        if (problem !== null) return failAt(body, lineNo, lineStart, e, problem);
      }
      lineStart = lineEnd + 1;
    }
    return null;
  }

  result(): ParsedExposition {
    const count = this.count;
    const byName = this.groupByName();
    if (this.storage !== undefined) {
      this.storage.ints = {
        starts: this.starts.array,
        labelsEnd: this.labelsEnd.array,
        ends: this.ends.array,
        reservedAt: this.reservedAt.array,
        nameOf: this.nameOf.array,
        previousLine: this.previousLine.array,
        valueEnd: this.valueEnd.array,
        order: byName.order,
        positionInName: byName.positions,
      };
      this.storage.flags = this.flags;
    }
    return {
      body: this.body,
      count,
      starts: this.starts.array.subarray(0, count),
      labelsEnd: this.labelsEnd.array.subarray(0, count),
      ends: this.ends.array.subarray(0, count),
      flags: this.flags.subarray(0, count),
      reservedAt: this.reservedAt.array.subarray(0, count),
      byName: byName.lists,
      positionInName: byName.positions.subarray(0, count),
      nameOf: this.nameOf.array.subarray(0, count),
      names: this.names,
      repeated: this.repeated,
      previousLine: this.previousLine.array.subarray(0, count),
      valueEnd: this.valueEnd.array.subarray(0, count),
      unchanged: Uint8Array.from(this.names, (name, k) => {
        const lines = this.counts[k]!;
        return this.sameValue[k] === lines && this.previous?.byName.get(name)?.length === lines ? 1 : 0;
      }),
      duplicates: this.duplicates,
      families: this.families,
      comments: this.comments,
    };
  }

  /**
   * Each name's sample indices in body order: views of one array of all the
   * indices grouped by name (a counting sort over nameOf), reused from the
   * storage when it is long enough.
   */
  private groupByName(): { order: Int32Array; positions: Int32Array; lists: Map<string, Int32Array> } {
    const count = this.count;
    const nameOf = this.nameOf.array;
    const order = this.intArray(this.storage?.ints.order);
    const positions = this.intArray(this.storage?.ints.positionInName);
    const starts: number[] = [];
    let at = 0;
    for (const n of this.counts) {
      starts.push(at);
      at += n;
    }
    const next = [...starts];
    const lists = new Map<string, Int32Array>();
    this.names.forEach((name, k) => lists.set(name, order.subarray(starts[k]!, starts[k]! + this.counts[k]!)));
    for (let i = 0; i < count; i++) {
      const k = nameOf[i]!;
      positions[i] = next[k]! - starts[k]!;
      order[next[k]!++] = i;
    }
    return { order, positions, lists };
  }

  /** `reuse` when it holds every sample of this scan, else a new array. */
  private intArray(reuse: Int32Array | undefined): Int32Array {
    return reuse !== undefined && reuse.length >= this.count ? reuse : new Int32Array(this.starts.array.length);
  }

  /**
   * The fastest path, on the bytes: the line at `p` starts with the series
   * text (name and label block) of a canonical line of the previous scan, byte
   * for byte, followed by a canonical ` value[ timestamp]` and the line end.
   * Returns where the next line starts, or -1 to read the line the normal way
   * (a new series, or anything unusual, which the normal way then names).
   * The previous scan's line is looked for where the last repeated line left
   * off, and a few lines further (series that vanished).
   */
  repeatedLine(p: number): number {
    const prev = this.previous!;
    const b = this.body;
    const pb = prev.body;
    const last = Math.min(this.cursor + REPEAT_WINDOW, prev.count);
    for (let j = this.cursor; j < last; j++) {
      const ps = prev.starts[j]!;
      const v = p + prev.labelsEnd[j]! - ps;
      if ((prev.flags[j]! & NOT_CANONICAL) !== 0 || v >= b.length || b[v] !== SPACE) continue;
      if (b.compare(pb, ps, prev.labelsEnd[j]!, p, v) !== 0) continue;
      const ve = canonicalValueEnd(b, v + 1);
      if (ve < 0) return -1;
      let e = ve;
      let timestamp = 0;
      if (b[e] === SPACE) {
        e = canonicalTimestampEnd(b, e + 1);
        if (e < 0) return -1;
        timestamp = HAS_TIMESTAMP;
      }
      if (e !== b.length && b[e] !== LF && !(b[e] === CR && (e + 1 === b.length || b[e + 1] === LF))) return -1;
      const next = e + (b[e] === CR ? 2 : 1);
      this.cursor = j + 1;
      this.repeated++;
      // Kept lines of the previous scan are never the same series twice in a row.
      const repeat = this.lastReused !== j - 1 && this.sameAsLastSeries(p, v);
      this.lastReused = j;
      if (repeat) return next;
      const flags = (prev.flags[j]! & (HAS_RESERVED_LABEL | HAS_EXPORTED_LABEL)) | timestamp;
      const reservedAt = (flags & HAS_RESERVED_LABEL) === 0 ? 0 : p + prev.reservedAt[j]! - ps;
      const name = this.nameIndexFromPrevious(prev.nameOf[j]!);
      // Canonical lines: the value follows the series text after one space.
      if (sameBytes(b, v + 1, ve, pb, prev.labelsEnd[j]! + 1, prev.valueEnd[j]!)) this.sameValue[name]!++;
      this.push(p, v, e, flags, reservedAt, name, j, ve);
      return next;
    }
    return -1;
  }

  /** Records the comment line body[start, end) and what it says. */
  private addComment(start: number, end: number, comment: Comment | null): void {
    this.comments.push({ start, end, comment });
    if (comment !== null) applyComment(this.families, comment);
  }

  /** What the comment line body[s, e) says when it repeats one of the previous scan (a few lines on at most); undefined when not. */
  private repeatedComment(s: number, e: number): Comment | null | undefined {
    const list = this.previous?.comments;
    if (!list) return undefined;
    const last = Math.min(this.commentCursor + REPEAT_WINDOW, list.length);
    for (let j = this.commentCursor; j < last; j++) {
      const c = list[j]!;
      if (c.end - c.start !== e - s || this.body.compare(this.previous!.body, c.start, c.end, s, e) !== 0) continue;
      this.commentCursor = j + 1;
      return c.comment;
    }
    return undefined;
  }

  /** This scan's index of the previous scan's name `k`, added on first use. */
  private nameIndexFromPrevious(k: number): number {
    let n = this.nameMap[k]!;
    if (n === -1) {
      n = this.nameIndex(this.previous!.names[k]!);
      this.nameMap[k] = n;
    }
    return n;
  }

  private nameIndex(name: string): number {
    let n = this.nameIndexes.get(name);
    if (n === undefined) {
      n = this.names.push(name) - 1;
      this.nameIndexes.set(name, n);
      this.counts.push(0);
      this.sameValue.push(0);
    }
    return n;
  }

  /**
   * The fast path: a line in exactly canonical form (no blanks but single
   * spaces, no escapes, no trailing comma) is validated by one compiled
   * regular expression, then only its label names are walked (for repeats and
   * the reserved label). Returns false to send the line to sampleLine, which
   * reads every form and names the problem.
   */
  canonicalLine(p: number, e: number): boolean {
    const t = this.text;
    CANONICAL_LINE.lastIndex = p;
    if (!CANONICAL_LINE.test(t) || CANONICAL_LINE.lastIndex !== e) return false;
    let q = p + 1;
    while (isNameChar(t.charCodeAt(q))) q++;
    const nameLen = q - p;
    let flags = 0;
    let labelsEnd = q;
    if (t.charCodeAt(q) === LBRACE) {
      labelsEnd = t.lastIndexOf('}', e) + 1;
      // Values hold no quote here (no escapes), so label names and values alternate with the quotes.
      let labelCount = 0;
      let at = q + 1;
      const reserved = this.reserved;
      while (at < labelsEnd - 1) {
        const eq = t.indexOf('=', at);
        const ll = eq - at;
        const ranges = this.labelRanges;
        for (let k = 0; k < labelCount; k++) if (ranges[2 * k + 1] === ll && sameChars(t, at, ranges[2 * k]!, ll)) return false;
        if (2 * labelCount + 2 > ranges.length) return false;
        ranges[2 * labelCount] = at;
        ranges[2 * labelCount + 1] = ll;
        labelCount++;
        if (reserved !== null && ll === reserved.length && t.startsWith(reserved, at)) {
          flags |= HAS_RESERVED_LABEL;
          this.lineReservedAt = at;
        } else if (this.exported !== null && ll === this.exported.length && t.startsWith(this.exported, at)) flags |= HAS_EXPORTED_LABEL;
        at = t.indexOf('"', eq + 2) + 2;
      }
    }
    const space = t.indexOf(' ', labelsEnd + 1);
    const hasTimestamp = space !== -1 && space < e;
    if (hasTimestamp) flags |= HAS_TIMESTAMP;
    this.add(p, nameLen, labelsEnd, e, flags, hasTimestamp ? space : e);
    return true;
  }

  /** Reads the sample line text[p, e) (p past leading blanks); returns a problem or null. */
  sampleLine(p: number, e: number, lineFlags: number): string | null {
    const t = this.text;
    // Metric name.
    const nameStart = p;
    if (!isNameStart(t.charCodeAt(p))) return 'expected a metric name';
    p++;
    while (p < e && isNameChar(t.charCodeAt(p))) p++;
    const nameLen = p - nameStart;

    // Labels (a blank before "{" is allowed, as in Prometheus' own parser).
    let labelCount = 0;
    if (p < e && isBlank(t.charCodeAt(p))) {
      let q = p;
      while (q < e && isBlank(t.charCodeAt(q))) q++;
      if (q < e && t.charCodeAt(q) === LBRACE) (p = q), (lineFlags |= NOT_CANONICAL);
    }
    if (p < e && t.charCodeAt(p) === LBRACE) {
      p++;
      // Backslashes are rare; without one in the line, the next quote ends a value.
      if (this.nextBackslash < p) this.nextBackslash = t.indexOf('\\', p) >>> 0; // -1 → past any line
      const escapes = this.nextBackslash < e;
      for (;;) {
        if (p < e && isBlank(t.charCodeAt(p))) {
          lineFlags |= NOT_CANONICAL;
          while (p < e && isBlank(t.charCodeAt(p))) p++;
        }
        if (p >= e) return 'unterminated label set (missing "}")';
        if (t.charCodeAt(p) === RBRACE) {
          if (labelCount > 0 && t.charCodeAt(p - 1) !== QUOTE) lineFlags |= NOT_CANONICAL;
          p++;
          break;
        }
        const ls = p;
        if (!isLabelStart(t.charCodeAt(p))) return 'expected a label name';
        p++;
        while (p < e && isLabelChar(t.charCodeAt(p))) p++;
        const ll = p - ls;
        const ranges = this.labelRanges;
        for (let k = 0; k < labelCount; k++) {
          const os = ranges[2 * k]!;
          if (ranges[2 * k + 1] === ll && sameChars(t, ls, os, ll)) return `label "${t.slice(ls, p)}" appears twice`;
        }
        if (2 * labelCount + 2 > ranges.length) {
          this.labelRanges = new Int32Array(ranges.length * 2);
          this.labelRanges.set(ranges);
        }
        this.labelRanges[2 * labelCount] = ls;
        this.labelRanges[2 * labelCount + 1] = ll;
        labelCount++;
        const reserved = this.reserved;
        if (reserved !== null && ll === reserved.length && t.startsWith(reserved, ls)) {
          lineFlags |= HAS_RESERVED_LABEL;
          this.lineReservedAt = ls;
        } else if (this.exported !== null && ll === this.exported.length && t.startsWith(this.exported, ls)) lineFlags |= HAS_EXPORTED_LABEL;
        while (p < e && isBlank(t.charCodeAt(p))) (p++, (lineFlags |= NOT_CANONICAL));
        if (p >= e || t.charCodeAt(p) !== EQUALS) return 'expected "=" after a label name';
        p++;
        while (p < e && isBlank(t.charCodeAt(p))) (p++, (lineFlags |= NOT_CANONICAL));
        if (p >= e || t.charCodeAt(p) !== QUOTE) return 'expected a quoted label value';
        p++;
        if (!escapes) {
          const close = t.indexOf('"', p);
          if (close === -1 || close >= e) return 'unterminated label value';
          p = close;
        } else {
          for (;;) {
            if (p >= e) return 'unterminated label value';
            const c = t.charCodeAt(p);
            if (c === QUOTE) break;
            if (c === BACKSLASH) {
              if (p + 1 >= e) return 'unterminated label value';
              const d = t.charCodeAt(p + 1);
              if (d !== BACKSLASH && d !== QUOTE && d !== 0x6e) lineFlags |= NOT_CANONICAL;
              p += 2;
              continue;
            }
            p++;
          }
        }
        p++;
        while (p < e && isBlank(t.charCodeAt(p))) (p++, (lineFlags |= NOT_CANONICAL));
        if (p < e && t.charCodeAt(p) === COMMA) p++;
        else if (p >= e || t.charCodeAt(p) !== RBRACE) return 'expected "," or "}" after a label value';
      }
    }
    const afterLabels = p;

    // Value.
    if (p >= e || !isBlank(t.charCodeAt(p))) return p >= e ? 'missing value' : 'unexpected character in metric name';
    if (t.charCodeAt(p) !== SPACE) lineFlags |= NOT_CANONICAL;
    p++;
    if (p < e && isBlank(t.charCodeAt(p))) {
      lineFlags |= NOT_CANONICAL;
      while (p < e && isBlank(t.charCodeAt(p))) p++;
    }
    const vs = p;
    while (p < e && !isBlank(t.charCodeAt(p))) p++;
    if (vs === p) return 'missing value';
    if (!isFloatToken(this.body, vs, p)) return 'value is not a number';
    const valueEnd = p;

    // Optional timestamp (integer milliseconds).
    if (p < e) {
      if (t.charCodeAt(p) !== SPACE) lineFlags |= NOT_CANONICAL;
      p++;
      if (p < e && isBlank(t.charCodeAt(p))) {
        lineFlags |= NOT_CANONICAL;
        while (p < e && isBlank(t.charCodeAt(p))) p++;
      }
      if (p < e) {
        const ts = p;
        if (t.charCodeAt(p) === 0x2d) p++;
        const digits = p;
        let c = t.charCodeAt(p);
        while (p < e && c >= 0x30 && c <= 0x39) c = t.charCodeAt(++p);
        if (p === digits || (p < e && !isBlank(t.charCodeAt(p)))) return 'timestamp is not an integer (milliseconds)';
        if (p - ts > 19) return 'timestamp out of range';
        lineFlags |= HAS_TIMESTAMP;
        if (p < e) {
          lineFlags |= NOT_CANONICAL;
          while (p < e && isBlank(t.charCodeAt(p))) p++;
          if (p < e) return 'unexpected text after the timestamp';
        }
      } else lineFlags |= NOT_CANONICAL;
    }
    this.add(nameStart, nameLen, afterLabels, e, lineFlags, valueEnd);
    return null;
  }

  /** True (and counted) when body[start, end) is the series of the line added last. */
  private sameAsLastSeries(start: number, end: number): boolean {
    const length = end - start;
    if (length !== this.lastSeriesEnd - this.lastSeriesStart || !sameSeries(this.body, start, this.lastSeriesStart, length)) return false;
    this.duplicates++;
    return true;
  }

  private add(nameStart: number, nameLen: number, afterLabels: number, e: number, lineFlags: number, valueEnd: number): void {
    const t = this.text;
    // The same series twice in a row (name and label text) is kept once; repeats
    // further apart are dropped when read (see FederatedSeries), not here.
    this.lastReused = -1;
    if (this.sameAsLastSeries(nameStart, afterLabels)) return;
    let name = this.lastName;
    // A new name is a string of its own, read from the bytes: a slice of the body's text would keep
    // that whole text (megabytes) alive for as long as later scans carry the name over.
    if (nameLen !== this.lastNameLen || !sameChars(t, nameStart, this.lastNameStart, nameLen)) name = this.nameIndex(this.body.toString('latin1', nameStart, nameStart + nameLen));
    this.push(nameStart, afterLabels, e, lineFlags, (lineFlags & HAS_RESERVED_LABEL) === 0 ? 0 : this.lineReservedAt, name, -1, valueEnd);
  }

  private push(start: number, afterLabels: number, e: number, lineFlags: number, reservedAt: number, name: number, previousLine: number, valueEnd: number): void {
    this.lastSeriesStart = start;
    this.lastSeriesEnd = afterLabels;
    if (name !== this.lastName) {
      // Where the last name is written, for add()'s same-name shortcut.
      this.lastName = name;
      this.lastNameStart = start;
      this.lastNameLen = this.names[name]!.length;
    }
    const i = this.count++;
    this.counts[name]!++;
    this.starts.set(i, start);
    this.labelsEnd.set(i, afterLabels);
    this.ends.set(i, e);
    this.reservedAt.set(i, reservedAt);
    this.nameOf.set(i, name);
    this.previousLine.set(i, previousLine);
    this.valueEnd.set(i, valueEnd);
    if (i >= this.flags.length) {
      const grown = new Uint8Array(this.flags.length * 2);
      grown.set(this.flags);
      this.flags = grown;
    }
    this.flags[i] = lineFlags;
  }
}

/** How many lines of the previous scan a line is compared with (series that vanished in between). */
const REPEAT_WINDOW = 4;

const LABEL_PAIR = '[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\\\\n]*"';
/**
 * A sample line in canonical form: `name{a="v",b="w"} value[ timestamp]`,
 * single spaces, no escapes, no trailing comma, ending at the line end. The
 * value forms are the ones isFloatToken accepts (the rest go the slow way).
 */
const CANONICAL_LINE = new RegExp(
  `[a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{(?:${LABEL_PAIR}(?:,${LABEL_PAIR})*)?\\})? ` +
    '(?:[-+]?(?:\\d+\\.?\\d*(?:[eE][-+]?\\d+)?|\\.\\d+(?:[eE][-+]?\\d+)?)|NaN|[-+]?Inf)(?: -?\\d{1,19})?(?=[\\r\\n]|$)',
  'y',
);

/** Whether t[a, a+n) and t[b, b+n) hold the same chars (plain loop: no substrings made). */
function sameChars(t: string, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (t.charCodeAt(a + i) !== t.charCodeAt(b + i)) return false;
  return true;
}

/**
 * sameChars for two series texts of equal length. Neighbouring series of one
 * family share long prefixes and suffixes (name, job, cluster), so the middle
 * is compared first: different series usually part there at once.
 */
function sameSeries(t: Buffer, a: number, b: number, n: number): boolean {
  const mid = n >> 1;
  for (let i = mid; i < n && i < mid + 8; i++) if (t[a + i] !== t[b + i]) return false;
  // Then backwards: the last labels (pod, container, le, quantile…) tell series apart sooner than the name does.
  for (let i = n - 1; i >= 0; i--) if (t[a + i] !== t[b + i]) return false;
  return true;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** Digits from `p`; returns where they stop. */
function digits(b: Buffer, p: number): number {
  while (isDigit(b[p])) p++;
  return p;
}

/** `[eE][-+]?digits` at `p`, if there; returns where it stops, or -1 when malformed. */
function exponent(b: Buffer, p: number): number {
  if (b[p] !== 0x65 && b[p] !== 0x45) return p;
  p++;
  if (b[p] === 0x2b || b[p] === 0x2d) p++;
  const d = digits(b, p);
  return d === p ? -1 : d;
}

/** Whether a[as, ae) and b[bs, be) hold the same bytes (short ranges: a plain loop). */
function sameBytes(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/**
 * The end of a sample value at `p` in the form CANONICAL_LINE accepts (Go
 * float syntax, `NaN`, `±Inf`), or -1 for anything else.
 */
export function canonicalValueEnd(b: Buffer, p: number): number {
  let c = b[p];
  const signed = c === 0x2b || c === 0x2d;
  if (signed) c = b[++p];
  if (c === 0x4e) return !signed && b[p + 1] === 0x61 && b[p + 2] === 0x4e ? p + 3 : -1; // NaN takes no sign
  if (c === 0x49) return b[p + 1] === 0x6e && b[p + 2] === 0x66 ? p + 3 : -1;
  if (isDigit(c)) {
    p = digits(b, p);
    if (b[p] === 0x2e) p = digits(b, p + 1);
    return exponent(b, p);
  }
  if (c === 0x2e && isDigit(b[p + 1])) return exponent(b, digits(b, p + 1));
  return -1;
}

/** The end of a timestamp at `p` (`-?` and 1 to 19 digits), or -1. */
export function canonicalTimestampEnd(b: Buffer, p: number): number {
  const s = b[p] === 0x2d ? p + 1 : p;
  const d = digits(b, s);
  return d === s || d - s > 19 ? -1 : d;
}

/** The first line of a body that is not valid UTF-8, as a parse problem. */
function firstBadUtf8Line(body: Buffer): Extract<ParseResult, { ok: false }> {
  let lineNo = 0;
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(LF, start);
    if (end === -1) end = body.length;
    lineNo++;
    if (!isUtf8(body, start, end)) return failAt(body, lineNo, start, end, 'not valid UTF-8');
    start = end + 1;
  }
  return failAt(body, lineNo, 0, 0, 'not valid UTF-8');
}

function failAt(body: Buffer, line: number, start: number, end: number, message: string): Extract<ParseResult, { ok: false }> {
  const excerpt = JSON.stringify(body.toString('utf8', start, Math.min(end, start + 120)));
  return { ok: false, line, message: `line ${line}: ${message}: ${excerpt}` };
}

/** Whether b[s, e) holds exactly the ASCII `word`. */
function isWord(b: Buffer, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads `# HELP name text` and `# TYPE name type` (other comments: null).
 * Returns what it says, or a problem. Words are compared on the bytes.
 */
function readComment(body: Buffer, p: number, e: number): Comment | null | string {
  while (p < e && isBlank(body[p]!)) p++;
  const ks = p;
  while (p < e && !isBlank(body[p]!)) p++;
  const isType = isWord(body, ks, p, 'TYPE');
  if (!isType && !isWord(body, ks, p, 'HELP')) return null;
  const keyword = isType ? 'TYPE' : 'HELP';
  while (p < e && isBlank(body[p]!)) p++;
  const ns = p;
  if (p >= e || !isNameStart(body[p]!)) return `# ${keyword} needs a metric name`;
  while (p < e && isNameChar(body[p]!)) p++;
  if (p < e && !isBlank(body[p]!)) return `# ${keyword} needs a valid metric name`;
  const name = body.toString('latin1', ns, p);
  while (p < e && isBlank(body[p]!)) p++;
  if (isType) {
    let end = e;
    while (end > p && isBlank(body[end - 1]!)) end--;
    const type = METRIC_TYPES.find((t) => isWord(body, p, end, t));
    if (!type) return `unknown metric type "${body.toString('latin1', p, end)}" (expected one of ${METRIC_TYPES.join(', ')})`;
    return { kind: 'TYPE', name, type };
  }
  if (!isUtf8(body, p, e)) return 'help text is not valid UTF-8';
  return { kind: 'HELP', name, help: unescapeHelp(body.toString('utf8', p, e)) };
}

/** Records a comment's type or help for its name; the first of each counts. */
function applyComment(families: Map<string, FamilyMeta>, c: Comment): void {
  const previous = families.get(c.name) ?? { type: null, help: null };
  if (c.kind === 'TYPE') {
    if (previous.type === null) families.set(c.name, { ...previous, type: c.type });
  } else if (previous.help === null) families.set(c.name, { ...previous, help: c.help });
}

function unescapeHelp(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}
