import { sameChars } from './chars';
import { HAS_RESERVED_LABEL, NO_LIMITS, type CommentLine, type FamilyMeta, type ParsedExposition, type ScanLimits, type ScanOptions } from './scan-types';

/** How many lines (or comment lines) of the previous scan a line is compared with (series that vanished in between). */
export const REPEAT_WINDOW = 4;

/** ScanState.lastReused when the last line did not repeat a line of the previous scan. */
const NONE_REUSED = -2;

/** A limit of 0 (none) as the largest count, so that every check is one comparison. */
const UNLIMITED = 0x7fffffff;

/**
 * What one scan has recorded so far, shared by its paths (repeated-line.ts,
 * canonical-line.ts, sample-line.ts, comment-line.ts) and read at the end by
 * scan-result.ts: where each kept line is, in typed arrays that grow or come
 * from a ScanStorage; each metric name once; and what the next line is
 * checked against (the line before, where the previous scan is up to).
 *
 * A path that reads a sample line writes its offsets straight into the
 * arrays at lineSlot() and calls commitLine (or commitNewLine): a line costs
 * no object and no list of arguments, on the hot path of a million lines per
 * interval. (Passing a line through fields of its own before copying it into
 * the arrays cost about 4 % of the scan with the previous one.)
 */
export class ScanState {
  readonly previous: ParsedExposition | null;
  /** The label to flag (HAS_RESERVED_LABEL) and its exported_ name (HAS_EXPORTED_LABEL). */
  readonly reserved: string | null;
  readonly exported: string | null;
  /** The limits as given (for messages), and as the checks read them: 0 is UNLIMITED, labels are pairs (the name not counted). */
  readonly limits: ScanLimits;
  readonly sampleLimit: number;
  readonly labelPairLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;

  readonly families = new Map<string, FamilyMeta>();
  /** Metric names in order of first appearance, and how many samples each has. */
  readonly names: string[] = [];
  readonly counts: number[] = [];
  /** Per name: lines that repeat a line of the previous scan with the same value. */
  readonly sameValue: number[] = [];
  /**
   * The arrays of ParsedExposition, each at least `capacity` long (reused
   * ones may be longer); element `count` belongs to the line being read.
   */
  starts: Int32Array;
  labelsEnd: Int32Array;
  ends: Int32Array;
  reservedAt: Int32Array;
  nameOf: Int32Array;
  previousLine: Int32Array;
  valueEnd: Int32Array;
  flags: Uint8Array;
  private capacity: number;
  count = 0;
  duplicates = 0;
  /** Sample lines read by comparison with the previous scan. */
  repeated = 0;
  readonly comments: CommentLine[] = [];
  /**
   * The next line of the previous scan expected here; the previous scan's
   * line the last line repeated (NONE_REUSED: it was new, or none yet; not -1,
   * which is `j - 1` for the previous scan's first line).
   */
  cursor = 0;
  lastReused = NONE_REUSED;
  /** The next comment line of the previous scan expected. */
  commentCursor = 0;
  /** Label name ranges of the current line (start, length), for the duplicate-label check: the first 32 (see sample-line.ts). */
  readonly labelRanges = new Int32Array(64);
  /** The label names of a line with more than 32, for the same check. */
  readonly longLineLabels = new Set<string>();
  /** Position of the next backslash in the body (searched again only once passed). */
  nextBackslash = -1;

  private readonly nameIndexes = new Map<string, number>();
  /** The previous scan's name index → this scan's. */
  private readonly nameMap: Int32Array;
  private lastSeriesStart = -1;
  private lastSeriesEnd = -1;
  /** Where the last line's name is written, so a run of lines of one family looks its name up once. */
  private lastNameStart = 0;
  private lastNameLen = -1;
  private lastName = -1;
  /** The body as a latin1 string, made on first use: in steady state every line repeats and it is never needed. */
  private textCache: string | null = null;

  constructor(
    readonly body: Buffer,
    options: ScanOptions,
  ) {
    const previous = options.previous ?? null;
    this.previous = previous;
    this.reserved = options.reservedLabel ?? null;
    this.exported = options.reservedLabel === undefined ? null : `exported_${options.reservedLabel}`;
    const limits = options.limits ?? NO_LIMITS;
    this.limits = limits;
    this.sampleLimit = limits.sampleLimit || UNLIMITED;
    this.labelPairLimit = limits.labelLimit ? limits.labelLimit - 1 : UNLIMITED;
    this.labelNameLengthLimit = limits.labelNameLengthLimit || UNLIMITED;
    this.labelValueLengthLimit = limits.labelValueLengthLimit || UNLIMITED;
    // The previous scan's count, else a rough guess from the size, keeps re-allocation rare; the arrays grow when it is low.
    // The scan stops one sample past the limit, so no guess needs more.
    const guess = Math.min(previous ? previous.count + 64 : Math.max(16, Math.ceil(body.length / 64)), this.sampleLimit + 1);
    const reuse = options.storage?.ints ?? {};
    this.starts = intArray(guess, reuse.starts);
    this.labelsEnd = intArray(guess, reuse.labelsEnd);
    this.ends = intArray(guess, reuse.ends);
    this.reservedAt = intArray(guess, reuse.reservedAt);
    this.nameOf = intArray(guess, reuse.nameOf);
    this.previousLine = intArray(guess, reuse.previousLine);
    this.valueEnd = intArray(guess, reuse.valueEnd);
    const flags = options.storage?.flags;
    this.flags = flags !== undefined && flags.length >= guess ? flags : new Uint8Array(guess);
    this.capacity = guess;
    this.nameMap = new Int32Array(previous?.names.length ?? 0).fill(-1);
  }

  /**
   * The body as a latin1 string (one char per byte, so positions are byte
   * offsets), for lines that do not repeat the previous scan: the engine's
   * string search then jumps over label values, which are most of the bytes.
   */
  get text(): string {
    return (this.textCache ??= this.body.toString('latin1'));
  }

  /** True (and counted) when body[start, end) is the series of the line committed last. */
  sameAsLastSeries(start: number, end: number): boolean {
    const length = end - start;
    if (length !== this.lastSeriesEnd - this.lastSeriesStart || !sameSeries(this.body, start, this.lastSeriesStart, length)) return false;
    this.duplicates++;
    return true;
  }

  /**
   * Where the line being read is written in every array (element `count`,
   * with room made for it). A path writes its starts, labelsEnd, valueEnd,
   * ends and flags there (and reservedAt when flagged HAS_RESERVED_LABEL),
   * then commits; a line not committed is overwritten by the next.
   */
  lineSlot(): number {
    if (this.count >= this.capacity) this.grow();
    return this.count;
  }

  /**
   * Commits the line at lineSlot() read from the text (not repeating the
   * previous scan); its name is `nameLength` chars from its start. A line
   * repeating the series just before it is dropped.
   */
  commitNewLine(nameLength: number): void {
    const i = this.count;
    const start = this.starts[i]!;
    // The same series twice in a row (name and label text) is kept once; repeats
    // further apart are dropped when read (see FederatedSeries), not here.
    this.lastReused = NONE_REUSED;
    if (this.sameAsLastSeries(start, this.labelsEnd[i]!)) return;
    let name = this.lastName;
    // A new name is a string of its own, read from the bytes: a slice of the body's text would keep
    // that whole text (megabytes) alive for as long as later scans carry the name over.
    if (nameLength !== this.lastNameLen || !sameChars(this.text, start, this.lastNameStart, nameLength))
      name = this.nameIndex(this.body.toString('latin1', start, start + nameLength));
    if ((this.flags[i]! & HAS_RESERVED_LABEL) === 0) this.reservedAt[i] = 0;
    this.nameOf[i] = name;
    this.previousLine[i] = -1;
    this.commitLine();
  }

  /** Commits the line at lineSlot(), every array written (nameOf and previousLine too). */
  commitLine(): void {
    const i = this.count++;
    const start = this.starts[i]!;
    const name = this.nameOf[i]!;
    this.lastSeriesStart = start;
    this.lastSeriesEnd = this.labelsEnd[i]!;
    if (name !== this.lastName) {
      this.lastName = name;
      this.lastNameStart = start;
      this.lastNameLen = this.names[name]!.length;
    }
    this.counts[name]!++;
  }

  /** Doubles the arrays too short for one more line, keeping what they hold. */
  private grow(): void {
    const size = this.capacity * 2;
    this.starts = grown(this.starts, size);
    this.labelsEnd = grown(this.labelsEnd, size);
    this.ends = grown(this.ends, size);
    this.reservedAt = grown(this.reservedAt, size);
    this.nameOf = grown(this.nameOf, size);
    this.previousLine = grown(this.previousLine, size);
    this.valueEnd = grown(this.valueEnd, size);
    if (this.flags.length < size) {
      const flags = new Uint8Array(size);
      flags.set(this.flags);
      this.flags = flags;
    }
    this.capacity = size;
  }

  /** This scan's index of the previous scan's name `k`, added on first use. */
  nameIndexFromPrevious(k: number): number {
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
}

/** `reuse` when it holds `size` (its old contents are overwritten as the scan goes), else a new array. */
function intArray(size: number, reuse: Int32Array | undefined): Int32Array {
  return reuse !== undefined && reuse.length >= size ? reuse : new Int32Array(size);
}

/** `array` when it holds `size`, else a copy in an array of `size`. */
function grown(array: Int32Array, size: number): Int32Array {
  if (array.length >= size) return array;
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

/**
 * Whether two series texts of equal length hold the same bytes. Neighbouring
 * series of one family share long prefixes and suffixes (name, job,
 * cluster), so the middle is compared first: different series usually part
 * there at once.
 */
function sameSeries(t: Buffer, a: number, b: number, n: number): boolean {
  const mid = n >> 1;
  for (let i = mid; i < n && i < mid + 8; i++) if (t[a + i] !== t[b + i]) return false;
  // Then backwards: the last labels (pod, container, le, quantile…) tell series apart sooner than the name does.
  for (let i = n - 1; i >= 0; i--) if (t[a + i] !== t[b + i]) return false;
  return true;
}
