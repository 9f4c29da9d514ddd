import { isNameChar, LBRACE, sameChars } from './chars';
import type { ScanState } from './scan-state';
import { HAS_EXPORTED_LABEL, HAS_RESERVED_LABEL, HAS_TIMESTAMP } from './scan-types';

/**
 * The fast path for a new line: what Prometheus writes (single spaces, no
 * escapes, no trailing comma) is validated by one compiled regular
 * expression over the body's latin1 string, then only its label names are
 * walked (repeated names, the reserved label, the limits: a line over one
 * goes to readSampleLine, which names it). A first scrape, and new series,
 * mostly take this path.
 */

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

/**
 * Reads the line text[p, e) when it is in canonical form and commits it.
 * Returns false to send the line to readSampleLine, which reads every form
 * and names the problem.
 */
export function readCanonicalLine(s: ScanState, p: number, e: number): boolean {
  const t = s.text;
  CANONICAL_LINE.lastIndex = p;
  if (!CANONICAL_LINE.test(t) || CANONICAL_LINE.lastIndex !== e) return false;
  let q = p + 1;
  while (isNameChar(t.charCodeAt(q))) q++;
  const nameLen = q - p;
  if (nameLen > s.labelValueLengthLimit) return false;
  const i = s.lineSlot();
  let flags = 0;
  let labelsEnd = q;
  if (t.charCodeAt(q) === LBRACE) {
    labelsEnd = t.lastIndexOf('}', e) + 1;
    // Values hold no quote here (no escapes), so label names and values alternate with the quotes.
    let labelCount = 0;
    let at = q + 1;
    const reserved = s.reserved;
    const exported = s.exported;
    const nameLimit = s.labelNameLengthLimit;
    const valueLimit = s.labelValueLengthLimit;
    while (at < labelsEnd - 1) {
      const eq = t.indexOf('=', at);
      const ll = eq - at;
      if (ll > nameLimit) return false;
      const ranges = s.labelRanges;
      for (let k = 0; k < labelCount; k++) if (ranges[2 * k + 1] === ll && sameChars(t, at, ranges[2 * k]!, ll)) return false;
      if (2 * labelCount + 2 > ranges.length) return false;
      ranges[2 * labelCount] = at;
      ranges[2 * labelCount + 1] = ll;
      labelCount++;
      if (reserved !== null && ll === reserved.length && t.startsWith(reserved, at)) {
        flags |= HAS_RESERVED_LABEL;
        s.reservedAt[i] = at;
      } else if (exported !== null && ll === exported.length && t.startsWith(exported, at)) flags |= HAS_EXPORTED_LABEL;
      const close = t.indexOf('"', eq + 2);
      if (close - eq - 2 > valueLimit) return false;
      at = close + 2;
    }
    if (labelCount > s.labelPairLimit) return false;
  }
  const space = t.indexOf(' ', labelsEnd + 1);
  const hasTimestamp = space !== -1 && space < e;
  if (hasTimestamp) flags |= HAS_TIMESTAMP;
  s.starts[i] = p;
  s.labelsEnd[i] = labelsEnd;
  s.valueEnd[i] = hasTimestamp ? space : e;
  s.ends[i] = e;
  s.flags[i] = flags;
  s.commitNewLine(nameLen);
  return true;
}
