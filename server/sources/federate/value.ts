/**
 * Sample values as the text format writes them: Go's float syntax
 * (`1`, `-1.5e-3`, `.5`), `NaN`, and `+Inf` / `-Inf` / `Inf` (any case, as
 * Prometheus' parser accepts). Hexadecimal floats are not accepted.
 */

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

function wordAt(b: Buffer, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (lower(b[s + i]!) !== word.charCodeAt(i)) return false;
  return true;
}

/** True when b[s, e) is a valid sample value. */
export function isFloatToken(b: Buffer, s: number, e: number): boolean {
  let p = s;
  const sign = b[p] === 0x2b || b[p] === 0x2d;
  if (sign) p++;
  if (p >= e) return false;
  if (!isDigit(b[p]!) && b[p] !== 0x2e) return wordAt(b, p, e, 'inf') || wordAt(b, p, e, 'infinity') || (!sign && wordAt(b, p, e, 'nan'));
  let digits = 0;
  while (p < e && isDigit(b[p]!)) {
    p++;
    digits++;
  }
  if (p < e && b[p] === 0x2e) {
    p++;
    while (p < e && isDigit(b[p]!)) {
      p++;
      digits++;
    }
  }
  if (digits === 0) return false;
  if (p < e && (b[p] === 0x65 || b[p] === 0x45)) {
    p++;
    if (p < e && (b[p] === 0x2b || b[p] === 0x2d)) p++;
    const expStart = p;
    while (p < e && isDigit(b[p]!)) p++;
    if (p === expStart) return false;
  }
  return p === e;
}

/** The number of a token that passed isFloatToken. */
export function parseFloatToken(b: Buffer, s: number, e: number): number {
  let p = s;
  const negative = b[p] === 0x2d;
  if (b[p] === 0x2b || b[p] === 0x2d) p++;
  const c = lower(b[p] ?? 0);
  if (c === 0x69) return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (c === 0x6e) return Number.NaN;
  return Number(b.toString('latin1', s, e));
}

/** A value as Prometheus writes it. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}
