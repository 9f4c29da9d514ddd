import { HAS_TIMESTAMP, type ParsedExposition } from './scan-types';
import { parseFloatToken } from './value';

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function unescape(raw: string): string {
  return raw.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

/**
 * The label block of sample `i` as written, braces included ("" when the
 * line has none). It identifies the series within its metric name and is the
 * key under which decoded labels are reused from one scrape to the next.
 */
export function labelText(x: ParsedExposition, i: number, nameLength: number): string {
  const start = x.starts[i]! + nameLength;
  const end = x.labelsEnd[i]!;
  // "name{}" is the same series as "name".
  return end - start <= 2 ? '' : x.body.toString('utf8', start, end);
}

/**
 * Labels (without the metric name) from a label block as labelText returns
 * it. Only called on lines the scan accepted, so it trusts the syntax. Other
 * escapes than \\, \" and \n are kept as written, as Prometheus does.
 */
export function decodeLabelText(text: string, intern: (s: string) => string = (s) => s): Record<string, string> {
  const labels: Record<string, string> = {};
  const escaped = text.includes('\\');
  let p = text.indexOf('{') + 1;
  if (p === 0) return labels;
  const end = text.length;
  while (p < end) {
    let c = text.charCodeAt(p);
    while (c === 0x20 || c === 0x09 || c === 0x2c) c = text.charCodeAt(++p);
    if (c === 0x7d || p >= end) break;
    const eq = text.indexOf('=', p);
    const name = intern(text.slice(p, eq).trimEnd());
    const open = text.indexOf('"', eq) + 1;
    let close = text.indexOf('"', open);
    if (escaped) {
      // Skip quotes that are escaped (an odd run of backslashes before them).
      for (;;) {
        let k = close - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((close - 1 - k) % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
    }
    const raw = text.slice(open, close);
    const value = intern(escaped && raw.includes('\\') ? unescape(raw) : raw);
    // A label may be called __proto__: assigning it would set the object's prototype (or, to a string, do nothing).
    if (name === '__proto__') Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
    else labels[name] = value;
    p = close + 1;
  }
  return labels;
}

/** The value of sample `i`. */
export function decodeValue(x: ParsedExposition, i: number): number {
  const b = x.body;
  let p = x.labelsEnd[i]!;
  while (isBlank(b[p]!)) p++;
  return parseFloatToken(b, p, x.valueEnd[i]!);
}

/** The timestamp (ms) of sample `i`, or null when its line has none. */
export function decodeTimestamp(x: ParsedExposition, i: number): number | null {
  if ((x.flags[i]! & HAS_TIMESTAMP) === 0) return null;
  const b = x.body;
  let p = x.valueEnd[i]!;
  while (isBlank(b[p]!)) p++;
  const start = p;
  const negative = b[p] === 0x2d;
  if (negative) p++;
  const digits = p;
  let ms = 0;
  for (let c = b[p]!; c >= 0x30 && c <= 0x39; c = b[++p]!) ms = ms * 10 + (c - 0x30);
  // Up to 15 digits the sum is exact; longer (at most 19, checked by the scan) goes through Number() for the same rounding.
  if (p - digits > 15) return Number(b.toString('latin1', start, p));
  return negative ? -ms : ms;
}
