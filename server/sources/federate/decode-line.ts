import { HAS_TIMESTAMP, type ParsedExposition } from './parse-text';
import { parseFloatToken } from './value';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;
const RBRACE = 0x7d;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** A label value with `\\`, `\"` and `\n` undone; other escapes are kept as written, as Prometheus does. */
function labelValue(b: Buffer, s: number, e: number, escaped: boolean): string {
  if (!escaped) return b.toString('utf8', s, e);
  const raw = b.toString('utf8', s, e);
  return raw.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

/**
 * Labels (without the metric name) of sample `i` of a scanned exposition.
 * Only called on samples the scan accepted, so it trusts the syntax.
 */
export function decodeLabels(x: ParsedExposition, i: number): Record<string, string> {
  const b = x.body;
  const labels: Record<string, string> = {};
  let p = x.starts[i]!;
  const end = x.labelsEnd[i]!;
  while (p < end && b[p] !== 0x7b) p++;
  p++;
  while (p < end) {
    while (p < end && (isBlank(b[p]!) || b[p] === 0x2c)) p++;
    if (p >= end || b[p] === RBRACE) break;
    const ns = p;
    while (b[p] !== EQUALS && !isBlank(b[p]!)) p++;
    const name = b.toString('latin1', ns, p);
    while (b[p] !== QUOTE) p++;
    p++;
    const vs = p;
    let escaped = false;
    while (b[p] !== QUOTE) {
      if (b[p] === BACKSLASH) {
        escaped = true;
        p++;
      }
      p++;
    }
    labels[name] = labelValue(b, vs, p, escaped);
    p++;
  }
  return labels;
}

/** Value and timestamp (ms, or null when the line had none) of sample `i`. */
export function decodeValue(x: ParsedExposition, i: number): { value: number; timestampMs: number | null } {
  const b = x.body;
  let p = x.labelsEnd[i]!;
  const e = x.ends[i]!;
  while (p < e && isBlank(b[p]!)) p++;
  const vs = p;
  while (p < e && !isBlank(b[p]!)) p++;
  const value = parseFloatToken(b, vs, p);
  if ((x.flags[i]! & HAS_TIMESTAMP) === 0) return { value, timestampMs: null };
  while (p < e && isBlank(b[p]!)) p++;
  const ts = p;
  while (p < e && !isBlank(b[p]!)) p++;
  return { value, timestampMs: Number(b.toString('latin1', ts, p)) };
}
