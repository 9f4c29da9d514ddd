import { BACKSLASH, COMMA, EQUALS, isBlank, isLabelChar, isLabelStart, isNameChar, isNameStart, LBRACE, QUOTE, RBRACE, sameChars, SPACE } from './chars';
import type { ScanState } from './scan-state';
import { HAS_EXPORTED_LABEL, HAS_RESERVED_LABEL, HAS_TIMESTAMP, NOT_CANONICAL } from './scan-types';
import { isFloatToken } from './value';

/**
 * The full scanner, for a line the canonical path did not take: it accepts
 * every form the text format allows (blanks and tabs between tokens, a
 * trailing comma, escapes, a blank before `{`), flags the line NOT_CANONICAL
 * so the re-exposition re-encodes rather than copies it, and names what is
 * wrong with a malformed one. Rare in a /federate body.
 */

/** Reads the sample line text[p, e) (p past leading blanks; `lineFlags`: flags known already) and commits it; returns a problem or null. */
export function readSampleLine(s: ScanState, p: number, e: number, lineFlags: number): string | null {
  const t = s.text;
  const i = s.lineSlot();
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
    if (q < e && t.charCodeAt(q) === LBRACE) {
      p = q;
      lineFlags |= NOT_CANONICAL;
    }
  }
  if (p < e && t.charCodeAt(p) === LBRACE) {
    p++;
    // Backslashes are rare; without one in the line, the next quote ends a value.
    if (s.nextBackslash < p) s.nextBackslash = t.indexOf('\\', p) >>> 0; // -1 → past any line
    const escapes = s.nextBackslash < e;
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
      const ranges = s.labelRanges;
      for (let k = 0; k < labelCount; k++) {
        const os = ranges[2 * k]!;
        if (ranges[2 * k + 1] === ll && sameChars(t, ls, os, ll)) return `label "${t.slice(ls, p)}" appears twice`;
      }
      if (2 * labelCount + 2 > ranges.length) {
        s.labelRanges = new Int32Array(ranges.length * 2);
        s.labelRanges.set(ranges);
      }
      s.labelRanges[2 * labelCount] = ls;
      s.labelRanges[2 * labelCount + 1] = ll;
      labelCount++;
      const reserved = s.reserved;
      if (reserved !== null && ll === reserved.length && t.startsWith(reserved, ls)) {
        lineFlags |= HAS_RESERVED_LABEL;
        s.reservedAt[i] = ls;
      } else if (s.exported !== null && ll === s.exported.length && t.startsWith(s.exported, ls)) lineFlags |= HAS_EXPORTED_LABEL;
      while (p < e && isBlank(t.charCodeAt(p))) {
        p++;
        lineFlags |= NOT_CANONICAL;
      }
      if (p >= e || t.charCodeAt(p) !== EQUALS) return 'expected "=" after a label name';
      p++;
      while (p < e && isBlank(t.charCodeAt(p))) {
        p++;
        lineFlags |= NOT_CANONICAL;
      }
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
      while (p < e && isBlank(t.charCodeAt(p))) {
        p++;
        lineFlags |= NOT_CANONICAL;
      }
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
  if (!isFloatToken(s.body, vs, p)) return 'value is not a number';
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
  s.starts[i] = nameStart;
  s.labelsEnd[i] = afterLabels;
  s.valueEnd[i] = valueEnd;
  s.ends[i] = e;
  s.flags[i] = lineFlags;
  s.commitNewLine(nameLen);
  return null;
}
