import { isBlank, isNameChar, isNameStart, isUtf8 } from './chars';
import { REPEAT_WINDOW, type ScanState } from './scan-state';
import { METRIC_TYPES, type Comment, type FamilyMeta } from './scan-types';

/**
 * Comment lines: `# HELP name text` and `# TYPE name type` are recorded per
 * family, other comments are kept as lines that say nothing. Read on the
 * bytes (no latin1 copy of the body for them), and not read again when one
 * repeats a comment line of the previous scan: /federate writes a `# TYPE`
 * line per name, and a Prometheus' own metrics have a name for every two
 * series or so.
 */

/**
 * Reads and records the comment line body[start, e), whose `#` is at
 * `hash` (after any blanks). Returns a problem, or null.
 */
export function readCommentLine(s: ScanState, start: number, hash: number, e: number): string | null {
  const repeated = repeatedComment(s, start, e);
  const comment = repeated === undefined ? readComment(s.body, hash + 1, e) : repeated;
  if (typeof comment === 'string') return comment;
  s.comments.push({ start, end: e, comment });
  if (comment !== null) applyComment(s.families, comment);
  return null;
}

/** What the comment line body[start, e) says when it repeats one of the previous scan (a few lines on at most); undefined when not. */
function repeatedComment(s: ScanState, start: number, e: number): Comment | null | undefined {
  const list = s.previous?.comments;
  if (!list) return undefined;
  const last = Math.min(s.commentCursor + REPEAT_WINDOW, list.length);
  for (let j = s.commentCursor; j < last; j++) {
    const c = list[j]!;
    if (c.end - c.start !== e - start || s.body.compare(s.previous.body, c.start, c.end, start, e) !== 0) continue;
    s.commentCursor = j + 1;
    return c.comment;
  }
  return undefined;
}

/** Whether b[s, e) holds exactly the ASCII `word`. */
function isWord(b: Buffer, s: number, e: number, word: string): boolean {
  if (e - s !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (b[s + i] !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads `# HELP name text` and `# TYPE name type` from just past the `#`
 * (other comments: null). Returns what it says, or a problem. Words are
 * compared on the bytes.
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
