/**
 * Bench-only: the protobuf format Prometheus' /federate answers when asked
 * `Accept: application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited`,
 * so federation-format.bench.ts can measure it against the text scan.
 *
 * The body is a run of MetricFamily messages, each preceded by its length as
 * a varint. Field numbers are those of io.prometheus.client's metrics.proto
 * (prometheus/client_model):
 *   MetricFamily: name = 1, help = 2, type = 3 (UNTYPED = 3 from /federate), metric = 4
 *   Metric: label = 1, gauge = 2, counter = 3, summary = 4, untyped = 5, timestamp_ms = 6, histogram = 7
 *   LabelPair: name = 1, value = 2;  Gauge / Counter / Untyped: value = 1 (double)
 *
 * The scanner does per sample what parse-text.ts does: validates the metric
 * name (once per family) and every label name, checks label values are UTF-8
 * (as Prometheus does), rejects repeated label names, flags the reserved
 * label, reads value and timestamp, and records where each sample is in typed
 * arrays. With the previous scan it takes the same shortcut as the text scan:
 * a Metric whose label bytes equal the previous scan's (one Buffer.compare)
 * is not validated again; only its value and timestamp are read.
 */
import { decodeLabelText, labelText } from '../../server/sources/federate/decode-line';
import { isLabelChar, isLabelStart, isNameChar, isNameStart, isUtf8 } from '../../server/sources/federate/chars';
import {
  HAS_EXPORTED_LABEL,
  HAS_RESERVED_LABEL,
  HAS_TIMESTAMP,
  NOT_CANONICAL,
  type FamilyMeta,
  type MetricType,
  type ParsedExposition,
} from '../../server/sources/federate/scan-types';
import type { Sample } from '../../server/fleet/series';
import { parseFloatToken } from '../../server/sources/federate/value';

/** MetricType enum values of metrics.proto, by number. */
const TYPES: readonly MetricType[] = ['counter', 'gauge', 'summary', 'untyped', 'histogram'];
const UNTYPED = 3;

// ---------------------------------------------------------------- encoder

function varint(n: number): number[] {
  if (n < 0) {
    // int64 negatives take ten bytes (two's complement).
    let v = BigInt.asUintN(64, BigInt(n));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return out;
  }
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return out;
}

function lengthDelimited(field: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(content.length)]), content]);
}

function stringField(field: number, text: string): Buffer {
  return lengthDelimited(field, Buffer.from(text, 'utf8'));
}

function doubleField(field: number, value: number): Buffer {
  const b = Buffer.alloc(9);
  b[0] = (field << 3) | 1;
  // NaN as Prometheus writes it (value.NormalNaN, 0x7ff8000000000001), not JavaScript's 0x7ff8000000000000.
  if (Number.isNaN(value)) b.writeBigUInt64LE(0x7ff8000000000001n, 1);
  else b.writeDoubleLE(value, 1);
  return b;
}

/** Sample `i` of a text scan, decoded as written (no cluster labelling): what the encoder writes. */
export function textSample(x: ParsedExposition, i: number): Sample {
  const b = x.body;
  const e = x.ends[i]!;
  const tokens: Array<[number, number]> = [];
  let p = x.labelsEnd[i]!;
  while (p < e) {
    while (p < e && (b[p] === 0x20 || b[p] === 0x09)) p++;
    const s = p;
    while (p < e && b[p] !== 0x20 && b[p] !== 0x09) p++;
    if (p > s) tokens.push([s, p]);
  }
  const [value, timestamp] = tokens;
  if (!value) throw new Error(`sample ${i} has no value`);
  const name = x.names[x.nameOf[i]!]!;
  return {
    name,
    labels: decodeLabelText(labelText(x, i, name.length)),
    value: parseFloatToken(b, value[0], value[1]),
    timestampMs: timestamp ? Number(b.toString('latin1', timestamp[0], timestamp[1])) : null,
  };
}

/** One family of `encodeMetricFamilies`: its samples all carry `name`. */
export interface FamilyToEncode {
  readonly name: string;
  readonly samples: readonly Sample[];
}

/** Families as /federate writes them in protobuf: UNTYPED, no help, labels in the order given. */
export function encodeMetricFamilies(families: Iterable<FamilyToEncode>): Buffer {
  const out: Buffer[] = [];
  for (const { name, samples } of families) {
    const parts: Buffer[] = [stringField(1, name), Buffer.from([3 << 3, UNTYPED])];
    for (const sample of samples) {
      const metric = Object.entries(sample.labels).map(([k, v]) => lengthDelimited(1, Buffer.concat([stringField(1, k), stringField(2, v)])));
      metric.push(lengthDelimited(5, doubleField(1, sample.value)));
      if (sample.timestampMs !== null) metric.push(Buffer.from([6 << 3, ...varint(sample.timestampMs)]));
      parts.push(lengthDelimited(4, Buffer.concat(metric)));
    }
    const family = Buffer.concat(parts);
    out.push(Buffer.from(varint(family.length)), family);
  }
  return Buffer.concat(out);
}

/**
 * A text scan as /federate's protobuf answer for the same series: one family
 * per metric name, in body order. On Prometheus 2.42's text answer this gives
 * its protobuf answer byte for byte.
 */
export function encodeFederateProtobuf(x: ParsedExposition): Buffer {
  return encodeMetricFamilies(x.names.map((name) => ({ name, samples: Array.from(x.byName.get(name)!, (i) => textSample(x, i)) })));
}

// ---------------------------------------------------------------- scanner

/**
 * A scanned protobuf body, shaped like ParsedExposition. Sample `i` is the
 * Metric message `body[starts[i], ends[i])`; its leading label pairs end at
 * `labelsEnd[i]`. Unlike text, value and timestamp are read here (there is
 * nothing cheaper to defer them to than the 8 bytes themselves).
 */
export interface ProtobufScan extends Pick<
  ParsedExposition,
  'body' | 'count' | 'starts' | 'labelsEnd' | 'ends' | 'reservedAt' | 'nameOf' | 'names' | 'byName' | 'families' | 'previousLine'
> {
  /** HAS_TIMESTAMP, HAS_RESERVED_LABEL, HAS_EXPORTED_LABEL; NOT_CANONICAL when a label pair follows another field. */
  readonly flags: Uint8Array;
  readonly values: Float64Array;
  /** Milliseconds; meaningful when the sample has HAS_TIMESTAMP. */
  readonly timestamps: Float64Array;
  /** Samples read by comparison with the previous scan. */
  readonly repeated: number;
  /** Metrics dropped because the same series was the one before, in the same family. */
  readonly duplicates: number;
}

export type ProtobufScanResult = { ok: true; scan: ProtobufScan } | { ok: false; message: string };

export interface ProtobufScanOptions {
  reservedLabel?: string;
  previous?: ProtobufScan | null;
}

class Malformed extends Error {}

/** Scans a delimited MetricFamily body. Never throws on input. */
export function scanFederateProtobuf(body: Buffer, options: ProtobufScanOptions = {}): ProtobufScanResult {
  const scanner = new ProtobufScanner(body, options.reservedLabel, options.previous ?? null);
  try {
    scanner.run();
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, message: `family at byte ${scanner.familyStart}: ${error.message}` };
    throw error;
  }
  return { ok: true, scan: scanner.result() };
}

/** How many samples of the previous scan a Metric is compared with (series that vanished in between), as in the text scan. */
const REPEAT_WINDOW = 4;

/** b[a, a+n) equals b[c, c+n); from the end, where neighbouring series differ. */
function sameBytes(b: Buffer, a: number, c: number, n: number): boolean {
  for (let i = n - 1; i >= 0; i--) if (b[a + i] !== b[c + i]) return false;
  return true;
}

class ProtobufScanner {
  familyStart = 0;
  private p = 0;
  private count = 0;
  private capacity: number;
  private starts: Int32Array;
  private labelsEnd: Int32Array;
  private ends: Int32Array;
  private flags: Uint8Array;
  private reservedAt: Int32Array;
  private values: Float64Array;
  private timestamps: Float64Array;
  private nameOf: Int32Array;
  private previousLine: Int32Array;
  private readonly names: string[] = [];
  private readonly nameIndexes = new Map<string, number>();
  private readonly lists: number[][] = [];
  private readonly families = new Map<string, FamilyMeta>();
  private readonly reserved: Buffer | null;
  private readonly exported: Buffer | null;
  private labelRanges = new Int32Array(64);
  private repeated = 0;
  private duplicates = 0;
  /** The previous scan's name index → this scan's (-1: not met yet). */
  private readonly nameMap: Int32Array;
  private cursor = 0;
  private lastReused = -1;
  /** The label bytes of the last kept Metric of the current family (-1: none). */
  private lastLabelsStart = -1;
  private lastLabelsEnd = -1;
  /** The current Metric's value, timestamp and flags, set by readTail. */
  private value = 0;
  private timestamp = 0;
  private tailFlags = 0;

  constructor(
    private readonly body: Buffer,
    reservedLabel: string | undefined,
    private readonly previous: ProtobufScan | null,
  ) {
    this.reserved = reservedLabel === undefined ? null : Buffer.from(reservedLabel, 'latin1');
    this.exported = reservedLabel === undefined ? null : Buffer.from(`exported_${reservedLabel}`, 'latin1');
    this.capacity = previous ? previous.count + 64 : Math.max(16, Math.ceil(body.length / 48));
    this.starts = new Int32Array(this.capacity);
    this.labelsEnd = new Int32Array(this.capacity);
    this.ends = new Int32Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.reservedAt = new Int32Array(this.capacity);
    this.values = new Float64Array(this.capacity);
    this.timestamps = new Float64Array(this.capacity);
    this.nameOf = new Int32Array(this.capacity);
    this.previousLine = new Int32Array(this.capacity);
    this.nameMap = new Int32Array(previous?.names.length ?? 0).fill(-1);
  }

  run(): void {
    const length = this.body.length;
    while (this.p < length) {
      this.familyStart = this.p;
      const size = this.varint(length);
      const end = this.p + size;
      if (end > length) throw new Malformed('length past the end of the body');
      this.family(end);
      this.p = end;
    }
  }

  result(): ProtobufScan {
    const n = this.count;
    return {
      body: this.body,
      count: n,
      starts: this.starts.subarray(0, n),
      labelsEnd: this.labelsEnd.subarray(0, n),
      ends: this.ends.subarray(0, n),
      flags: this.flags.subarray(0, n),
      reservedAt: this.reservedAt.subarray(0, n),
      values: this.values.subarray(0, n),
      timestamps: this.timestamps.subarray(0, n),
      nameOf: this.nameOf.subarray(0, n),
      names: this.names,
      byName: new Map(this.names.map((name, k) => [name, Int32Array.from(this.lists[k]!)])),
      families: this.families,
      repeated: this.repeated,
      previousLine: this.previousLine.subarray(0, n),
      duplicates: this.duplicates,
    };
  }

  /** One MetricFamily, body[p, end). */
  private family(end: number): void {
    const b = this.body;
    let name = -1;
    let help: string | null = null;
    let type: MetricType | null = null;
    this.lastLabelsStart = -1;
    while (this.p < end) {
      const tag = b[this.p++]!;
      if (tag === 0x22) {
        const size = this.varint(end);
        const me = this.p + size;
        if (me > end) throw new Malformed('metric past the end of its family');
        if (name === -1) name = this.familyName(this.p, end);
        this.metric(this.p, me, name);
        this.p = me;
      } else if (tag === 0x0a) {
        const size = this.varint(end);
        if (name === -1) name = this.nameAt(this.p, this.p + size);
        this.p += size;
      } else if (tag === 0x12) {
        const size = this.varint(end);
        if (!isUtf8(b, this.p, this.p + size)) throw new Malformed('help is not valid UTF-8');
        help = b.toString('utf8', this.p, this.p + size);
        this.p += size;
      } else if (tag === 0x18) {
        type = TYPES[this.varint(end)] ?? null;
        if (type === null) throw new Malformed('unknown metric type');
      } else this.skip(tag, end);
    }
    if (name === -1) throw new Malformed('family without a name');
    const key = this.names[name]!;
    if (!this.families.has(key)) this.families.set(key, { type, help });
  }

  /** The family's name when a metric comes before it (field order is free in protobuf). */
  private familyName(from: number, end: number): number {
    const b = this.body;
    let p = this.familyStart;
    p = this.varintAt(p, end).next;
    while (p < end) {
      const tag = b[p++]!;
      const { value, next } = this.varintAt(p, end);
      if (tag === 0x0a) return this.nameAt(next, next + value);
      if ((tag & 7) === 0) p = next;
      else if ((tag & 7) === 2) p = next + value;
      else break;
    }
    throw new Malformed(`metric at byte ${from} in a family without a name`);
  }

  /** Validates the metric name at b[s, e) and returns its index. */
  private nameAt(s: number, e: number): number {
    const b = this.body;
    if (e > b.length || s === e || !isNameStart(b[s]!)) throw new Malformed('invalid metric name');
    for (let i = s + 1; i < e; i++) if (!isNameChar(b[i]!)) throw new Malformed('invalid metric name');
    const name = b.toString('latin1', s, e);
    let n = this.nameIndexes.get(name);
    if (n === undefined) {
      n = this.names.push(name) - 1;
      this.nameIndexes.set(name, n);
      this.lists.push([]);
    }
    return n;
  }

  /** One Metric, body[ms, me), of family `name`. */
  private metric(ms: number, me: number, name: number): void {
    if (this.previous !== null && this.repeatedMetric(ms, me, name)) return;
    const b = this.body;
    let p = ms;
    let flags = 0;
    let reservedAt = 0;
    let labelCount = 0;
    // Label pairs: field 1, before any other field in what Prometheus writes.
    while (p < me && b[p] === 0x0a) {
      p++;
      const size = this.varintAt(p, me);
      const le = size.next + size.value;
      if (le > me) throw new Malformed('label past the end of its metric');
      const at = this.labelPair(size.next, le, labelCount++);
      if (at.reserved) {
        flags |= HAS_RESERVED_LABEL;
        reservedAt = at.nameStart;
      }
      if (at.exported) flags |= HAS_EXPORTED_LABEL;
      p = le;
    }
    const labelsEnd = p;
    this.readTail(p, me, name, labelCount);
    flags |= this.tailFlags;
    // The same series twice in a row is kept once (the first), as the text scan does.
    this.lastReused = -1;
    if (this.sameAsLastSeries(ms, labelsEnd)) return;
    this.push(ms, labelsEnd, me, flags, reservedAt, name, -1);
  }

  /**
   * The shortcut: the Metric starts with the label bytes of a canonical Metric
   * of the previous scan, of the same family. Then only value and timestamp
   * are read. False to read the Metric the full way.
   */
  private repeatedMetric(ms: number, me: number, name: number): boolean {
    const prev = this.previous!;
    const b = this.body;
    const pb = prev.body;
    const last = Math.min(this.cursor + REPEAT_WINDOW, prev.count);
    for (let j = this.cursor; j < last; j++) {
      const ps = prev.starts[j]!;
      const pe = prev.labelsEnd[j]!;
      const le = ms + pe - ps;
      if ((prev.flags[j]! & NOT_CANONICAL) !== 0 || le > me || this.nameFromPrevious(prev.nameOf[j]!) !== name) continue;
      if (b.compare(pb, ps, pe, ms, le) !== 0) continue;
      // More labels after these: read the Metric the full way.
      if (!this.readTail(le, me, name, -1)) return false;
      this.cursor = j + 1;
      this.repeated++;
      // Kept samples of the previous scan are never the same series twice in a row.
      const repeat = this.lastReused !== j - 1 && this.sameAsLastSeries(ms, le);
      this.lastReused = j;
      if (repeat) return true;
      const flags = (prev.flags[j]! & (HAS_RESERVED_LABEL | HAS_EXPORTED_LABEL)) | this.tailFlags;
      const reservedAt = (flags & HAS_RESERVED_LABEL) === 0 ? 0 : ms + prev.reservedAt[j]! - ps;
      this.lastLabelsStart = ms;
      this.lastLabelsEnd = le;
      this.push(ms, le, me, flags, reservedAt, name, j);
      return true;
    }
    return false;
  }

  /** This scan's index of the previous scan's name `k` (-1 while this scan has not met it). */
  private nameFromPrevious(k: number): number {
    let n = this.nameMap[k]!;
    if (n === -1) {
      n = this.nameIndexes.get(this.previous!.names[k]!) ?? -1;
      if (n !== -1) this.nameMap[k] = n;
    }
    return n;
  }

  /**
   * The fields after the label pairs: the value, the timestamp, anything else
   * skipped. Sets value, timestamp, tailFlags. A label pair here is read when
   * `labelCount` (labels before it) is known, else it returns false.
   */
  private readTail(p: number, me: number, name: number, labelCount: number): boolean {
    const b = this.body;
    let hasValue = false;
    let flags = 0;
    this.p = p;
    while (this.p < me) {
      const tag = b[this.p++]!;
      if (tag === 0x2a || tag === 0x12 || tag === 0x1a) {
        // untyped, gauge, counter: { double value = 1 }
        const size = this.varint(me);
        const ve = this.p + size;
        if (ve > me) throw new Malformed('value past the end of its metric');
        while (this.p < ve) {
          const t = b[this.p++]!;
          if (t === 0x09) {
            if (this.p + 8 > ve) throw new Malformed('truncated double');
            this.value = b.readDoubleLE(this.p);
            this.p += 8;
            hasValue = true;
          } else this.skip(t, ve);
        }
      } else if (tag === 0x30) {
        this.timestamp = this.int64(me);
        flags |= HAS_TIMESTAMP;
      } else if (tag === 0x0a) {
        // A label after another field: valid protobuf, not what Prometheus writes.
        if (labelCount < 0) return false;
        const size = this.varint(me);
        if (this.p + size > me) throw new Malformed('label past the end of its metric');
        const at = this.labelPair(this.p, this.p + size, labelCount++);
        flags |= NOT_CANONICAL | (at.reserved ? HAS_RESERVED_LABEL : 0) | (at.exported ? HAS_EXPORTED_LABEL : 0);
        this.p += size;
      } else if (tag === 0x22 || tag === 0x3a) {
        throw new Malformed(`${this.names[name]}: summaries and histograms are not read by this bench scanner`);
      } else this.skip(tag, me);
    }
    if (!hasValue) throw new Malformed(`${this.names[name]}: metric without a value`);
    this.tailFlags = flags;
    return true;
  }

  private readonly pair = { reserved: false, exported: false, nameStart: 0 };

  /** One LabelPair at body[s, e): valid name, UTF-8 value, not a repeat of an earlier name of this metric. */
  private labelPair(s: number, e: number, index: number): { reserved: boolean; exported: boolean; nameStart: number } {
    const b = this.body;
    let ns = -1;
    let ne = -1;
    let p = s;
    while (p < e) {
      const tag = b[p++]!;
      const size = this.varintAt(p, e);
      const fe = size.next + size.value;
      if ((tag & 7) !== 2 || fe > e) throw new Malformed('malformed label pair');
      if (tag === 0x0a) {
        ns = size.next;
        ne = fe;
      } else if (tag === 0x12 && !isUtf8(b, size.next, fe)) throw new Malformed('label value is not valid UTF-8');
      p = fe;
    }
    if (ns === -1 || ns === ne || !isLabelStart(b[ns]!)) throw new Malformed('invalid label name');
    for (let i = ns + 1; i < ne; i++) if (!isLabelChar(b[i]!)) throw new Malformed('invalid label name');
    const ll = ne - ns;
    const ranges = this.labelRanges;
    for (let k = 0; k < index; k++) if (ranges[2 * k + 1] === ll && sameBytes(b, ns, ranges[2 * k]!, ll)) throw new Malformed('repeated label name');
    if (2 * index + 2 > ranges.length) {
      this.labelRanges = new Int32Array(ranges.length * 2);
      this.labelRanges.set(ranges);
    }
    this.labelRanges[2 * index] = ns;
    this.labelRanges[2 * index + 1] = ll;
    const pair = this.pair;
    pair.reserved = this.reserved !== null && ll === this.reserved.length && b.compare(this.reserved, 0, ll, ns, ne) === 0;
    pair.exported = !pair.reserved && this.exported !== null && ll === this.exported.length && b.compare(this.exported, 0, ll, ns, ne) === 0;
    pair.nameStart = ns;
    return pair;
  }

  /** True (and counted) when body[s, e) holds the label bytes of the last kept Metric of this family. */
  private sameAsLastSeries(s: number, e: number): boolean {
    const n = e - s;
    const last = this.lastLabelsStart;
    if (last === -1 || n !== this.lastLabelsEnd - last || !sameBytes(this.body, s, last, n)) {
      this.lastLabelsStart = s;
      this.lastLabelsEnd = e;
      return false;
    }
    this.duplicates++;
    return true;
  }

  private push(ms: number, le: number, me: number, flags: number, reservedAt: number, name: number, previousLine: number): void {
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.starts[i] = ms;
    this.labelsEnd[i] = le;
    this.ends[i] = me;
    this.flags[i] = flags;
    this.reservedAt[i] = reservedAt;
    this.values[i] = this.value;
    this.timestamps[i] = this.timestamp;
    this.nameOf[i] = name;
    this.previousLine[i] = previousLine;
    this.lists[name]!.push(i);
  }

  private grow(): void {
    const n = this.capacity * 2;
    const int32 = (a: Int32Array) => {
      const next = new Int32Array(n);
      next.set(a);
      return next;
    };
    const float64 = (a: Float64Array) => {
      const next = new Float64Array(n);
      next.set(a);
      return next;
    };
    this.starts = int32(this.starts);
    this.labelsEnd = int32(this.labelsEnd);
    this.ends = int32(this.ends);
    this.reservedAt = int32(this.reservedAt);
    this.nameOf = int32(this.nameOf);
    this.previousLine = int32(this.previousLine);
    this.values = float64(this.values);
    this.timestamps = float64(this.timestamps);
    const flags = new Uint8Array(n);
    flags.set(this.flags);
    this.flags = flags;
    this.capacity = n;
  }

  /** A varint at this.p (not past `end`), as a number; exact up to 2^53. */
  private varint(end: number): number {
    const r = this.varintAt(this.p, end);
    this.p = r.next;
    return r.value;
  }

  private readonly read = { value: 0, next: 0 };

  private varintAt(p: number, end: number): { value: number; next: number } {
    const b = this.body;
    const r = this.read;
    let c = p < end ? b[p++]! : -1;
    if (c === -1) throw new Malformed('truncated varint');
    if (c < 0x80) {
      r.value = c;
      r.next = p;
      return r;
    }
    let value = c & 0x7f;
    let scale = 0x80;
    for (let k = 1; ; k++) {
      if (p >= end || k === 10) throw new Malformed('malformed varint');
      c = b[p++]!;
      value += (c & 0x7f) * scale;
      if (c < 0x80) break;
      scale *= 0x80;
    }
    r.value = value;
    r.next = p;
    return r;
  }

  /** An int64 varint at this.p: ten bytes for negatives (two's complement), read through BigInt then. */
  private int64(end: number): number {
    const start = this.p;
    const value = this.varint(end);
    if (this.p - start < 10) return value;
    let v = 0n;
    for (let i = this.p - 1; i >= start; i--) v = (v << 7n) | BigInt(this.body[i]! & 0x7f);
    return Number(BigInt.asIntN(64, v));
  }

  private skip(tag: number, end: number): void {
    const wire = tag & 7;
    if (tag >= 0x80) throw new Malformed('field numbers above 15 are not used by metrics.proto');
    if (wire === 0) this.varint(end);
    else if (wire === 1) this.p += 8;
    else if (wire === 2) {
      const size = this.varint(end);
      this.p += size;
    } else if (wire === 5) this.p += 4;
    else throw new Malformed(`unsupported wire type ${wire}`);
    if (this.p > end) throw new Malformed('field past the end of its message');
  }
}

/** Sample `i` of a scan, decoded: labels as written (no cluster labelling). */
export function protobufSample(scan: ProtobufScan, i: number): Sample {
  const b = scan.body;
  const labels: Record<string, string> = {};
  let p = scan.starts[i]!;
  const end = scan.ends[i]!;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const c = b[p++]!;
      value += (c & 0x7f) * scale;
      if (c < 0x80) return value;
      scale *= 0x80;
    }
  };
  while (p < end) {
    const tag = b[p++]!;
    if (tag === 0x0a) {
      const size = varint();
      const le = p + size;
      let name = '';
      let value = '';
      while (p < le) {
        const t = b[p++]!;
        const size = varint();
        if (t === 0x0a) name = b.toString('utf8', p, p + size);
        else if (t === 0x12) value = b.toString('utf8', p, p + size);
        p += size;
      }
      labels[name] = value;
    } else if ((tag & 7) === 2) {
      const size = varint();
      p += size;
    } else if ((tag & 7) === 0) varint();
    else p += (tag & 7) === 1 ? 8 : 4;
  }
  const timestampMs = (scan.flags[i]! & HAS_TIMESTAMP) === 0 ? null : scan.timestamps[i]!;
  return { name: scan.names[scan.nameOf[i]!]!, labels, value: scan.values[i]!, timestampMs };
}
