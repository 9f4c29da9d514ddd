import { CR, LF, SPACE } from './chars';
import { REPEAT_WINDOW, type ScanState } from './scan-state';
import { HAS_EXPORTED_LABEL, HAS_RESERVED_LABEL, HAS_TIMESTAMP, NOT_CANONICAL } from './scan-types';

/**
 * The fastest path, on the bytes. /federate answers the same series in the
 * same order every time; only values and timestamps move. So a line whose
 * series text (name and label block) is byte for byte a canonical line of
 * the previous scan needs no validating again but its ` value[ timestamp]`,
 * and the body is never copied to a string. In steady state every line
 * takes this path.
 */

/**
 * Reads the line at `p` when it repeats a line of the previous scan: looked
 * for where the last repeated line left off, and a few lines further (series
 * that vanished). Returns where the next line starts, or -1 to read the line
 * the normal way (a new series, or anything unusual, which the normal way
 * then names).
 */
export function readRepeatedLine(s: ScanState, p: number): number {
  const prev = s.previous!;
  const b = s.body;
  const pb = prev.body;
  const last = Math.min(s.cursor + REPEAT_WINDOW, prev.count);
  for (let j = s.cursor; j < last; j++) {
    const ps = prev.starts[j]!;
    const v = p + prev.labelsEnd[j]! - ps;
    if ((prev.flags[j]! & NOT_CANONICAL) !== 0 || v >= b.length || b[v] !== SPACE) continue;
    if (b.compare(pb, ps, prev.labelsEnd[j], p, v) !== 0) continue;
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
    s.cursor = j + 1;
    s.repeated++;
    // Kept lines of the previous scan are never the same series twice in a row.
    const repeat = s.lastReused !== j - 1 && s.sameAsLastSeries(p, v);
    s.lastReused = j;
    if (repeat) return next;
    const flags = (prev.flags[j]! & (HAS_RESERVED_LABEL | HAS_EXPORTED_LABEL)) | timestamp;
    const name = s.nameIndexFromPrevious(prev.nameOf[j]!);
    // Canonical lines: the value follows the series text after one space.
    if (sameBytes(b, v + 1, ve, pb, prev.labelsEnd[j]! + 1, prev.valueEnd[j]!)) s.sameValue[name]!++;
    const i = s.lineSlot();
    s.starts[i] = p;
    s.labelsEnd[i] = v;
    s.valueEnd[i] = ve;
    s.ends[i] = e;
    s.flags[i] = flags;
    s.reservedAt[i] = (flags & HAS_RESERVED_LABEL) === 0 ? 0 : p + prev.reservedAt[j]! - ps;
    s.nameOf[i] = name;
    s.previousLine[i] = j;
    s.commitLine();
    return next;
  }
  return -1;
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
 * The end of a sample value at `p` in the form the canonical line accepts
 * (Go float syntax, `NaN`, `±Inf`; see canonical-line.ts), or -1 for
 * anything else.
 */
function canonicalValueEnd(b: Buffer, p: number): number {
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
function canonicalTimestampEnd(b: Buffer, p: number): number {
  const s = b[p] === 0x2d ? p + 1 : p;
  const d = digits(b, s);
  return d === s || d - s > 19 ? -1 : d;
}
