import { BACKSLASH, COMMA, EQUALS, isBlank, isLabelChar, isLabelStart, isNameChar, isNameStart, LBRACE, QUOTE, RBRACE, sameChars, SPACE } from './chars';
import { labelLimitExceeded, labelNameTooLong, labelValueTooLong, metricNameTooLong } from './limit-problems';
import type { ScanState } from './scan-state';
import { HAS_EXPORTED_LABEL, HAS_RESERVED_LABEL, HAS_TIMESTAMP, NOT_CANONICAL, type LineProblem } from './scan-types';
import { isFloatToken } from './value';

/**
 * The full scanner, for a line the canonical path did not take: it accepts
 * every form the text format allows (blanks and tabs between tokens, a
 * trailing comma, escapes, a blank before `{`), flags the line NOT_CANONICAL
 * so the re-exposition re-encodes rather than copies it, and names what is
 * wrong with a malformed one, or which limit (ScanLimits) it is over. Rare in
 * a /federate body. Linear in the line's length whatever it holds: a hostile
 * line of 100,000 labels costs no more per byte than a normal one.
 */

/** Label names of a line compared pairwise up to this many; past it, through a set, so that no line costs the square of its labels. */
const PAIRWISE = 32;

/** Reads the sample line text[p, e) (p past leading blanks; `lineFlags`: flags known already) and commits it; returns a problem or null. */
export function readSampleLine(s: ScanState, p: number, e: number, lineFlags: number): LineProblem | null {
  const t = s.text;
  const i = s.lineSlot();
  // Metric name.
  const nameStart = p;
  if (!isNameStart(t.charCodeAt(p))) return 'expected a metric name';
  p++;
  while (p < e && isNameChar(t.charCodeAt(p))) p++;
  const nameLen = p - nameStart;
  if (nameLen > s.labelValueLengthLimit) return metricNameTooLong(s, nameLen);

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
      if (ll > s.labelNameLengthLimit) return labelNameTooLong(s, ll);
      // Past the limit the line fails at its end, its labels counted but no longer compared.
      if (labelCount < s.labelPairLimit && repeatedLabel(s, ls, ll, labelCount)) return `label "${t.slice(ls, p)}" appears twice`;
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
      const vs = p;
      // The three escapes stand for one byte each; other backslashes are kept as written.
      let escaped = 0;
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
            else escaped++;
            p += 2;
            continue;
          }
          p++;
        }
      }
      if (p - vs - escaped > s.labelValueLengthLimit) return labelValueTooLong(s, t.slice(ls, ls + ll), p - vs - escaped);
      p++;
      while (p < e && isBlank(t.charCodeAt(p))) {
        p++;
        lineFlags |= NOT_CANONICAL;
      }
      if (p < e && t.charCodeAt(p) === COMMA) p++;
      else if (p >= e || t.charCodeAt(p) !== RBRACE) return 'expected "," or "}" after a label value';
    }
  }
  if (labelCount > s.labelPairLimit) return labelLimitExceeded(s, labelCount + 1);
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
      if (t.charCodeAt(p) === 0x2d) p++;
      const digits = p;
      let c = t.charCodeAt(p);
      while (p < e && c >= 0x30 && c <= 0x39) c = t.charCodeAt(++p);
      if (p === digits || (p < e && !isBlank(t.charCodeAt(p)))) return 'timestamp is not an integer (milliseconds)';
      // 19 digits, either sign, as the canonical and repeated paths take them.
      if (p - digits > 19) return 'timestamp out of range';
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

/**
 * Whether the label name text[ls, ls + ll) is one of the line's `count`
 * before it; records it either way. The first PAIRWISE names are compared
 * in place (labelRanges); past them the names go in a set.
 */
function repeatedLabel(s: ScanState, ls: number, ll: number, count: number): boolean {
  const t = s.text;
  const ranges = s.labelRanges;
  if (count < PAIRWISE) {
    for (let k = 0; k < count; k++) if (ranges[2 * k + 1] === ll && sameChars(t, ls, ranges[2 * k]!, ll)) return true;
    ranges[2 * count] = ls;
    ranges[2 * count + 1] = ll;
    return false;
  }
  const names = s.longLineLabels;
  if (count === PAIRWISE) {
    names.clear();
    for (let k = 0; k < PAIRWISE; k++) {
      const start = ranges[2 * k]!;
      names.add(t.slice(start, start + ranges[2 * k + 1]!));
    }
  }
  const name = t.slice(ls, ls + ll);
  if (names.has(name)) return true;
  names.add(name);
  return false;
}
