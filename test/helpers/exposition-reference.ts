/**
 * A reference reader of the Prometheus text format (0.0.4), as fleetscope
 * accepts it (docs/federation.md#parsing), written the plain way: one line
 * at a time, one regular expression per line, strings everywhere. Slow and
 * simple on purpose: the fuzz tests compare the real scan
 * (server/sources/federate/parse-text.ts) with it on bodies of every shape.
 */

/** The limits, as ScanLimits (0: none). */
export interface ReferenceLimits {
  sampleLimit: number;
  labelLimit: number;
  labelNameLengthLimit: number;
  labelValueLengthLimit: number;
}

export interface ReferenceSample {
  name: string;
  /** As written (in a map: a label may be called `__proto__`), without the cluster label. */
  labels: Map<string, string>;
  value: number;
  timestampMs: number | null;
}

export type ReferenceResult =
  | {
      ok: true;
      /** Every sample kept, in body order: the first of a series (same name and label text) only. */
      samples: ReferenceSample[];
      /** Sample lines kept by the scan: all but those repeating the series of the sample line before. */
      count: number;
      families: Map<string, { type: string | null; help: string | null }>;
    }
  /** `kind`: null when the line is malformed (then a limit may be named first, either is right); else the limit it is over. */
  | { ok: false; line: number; kind: 'bad_response' | 'limit_exceeded' | null };

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const B = '[ \\t]*';
const VALUE = '"(?:[^"\\\\]|\\\\[^])*"';
const PAIR = `${LABEL}${B}=${B}${VALUE}${B}`;
const LABELS = `\\{${B}(?:${PAIR}(?:,${B}${PAIR})*(?:,${B})?)?\\}`;
const SAMPLE = new RegExp(`^(${NAME})((?:${B}${LABELS})?)[ \\t]+([^ \\t]+)(?:[ \\t]+(-?)([0-9]+))?[ \\t]*$`);
const ONE_PAIR = new RegExp(`(${LABEL})${B}=${B}(${VALUE})`, 'g');
const COMMENT_NAME = new RegExp(`^(${NAME})(?:[ \\t]+([^]*))?$`);
const FLOAT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function parseValue(token: string): number | null {
  if (/^[+-]?(?:inf|infinity)$/i.test(token)) return token.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(token)) return NaN;
  return FLOAT.test(token) ? Number(token) : null;
}

function unescapeValue(raw: string): string {
  return raw.replace(/\\(["\\n])/g, (_m, c: string) => (c === 'n' ? '\n' : c));
}

const limitOf = (n: number) => (n === 0 ? Infinity : n);

/** Reads a whole body the plain way; the first bad line (1-based) when it is refused. */
export function referenceRead(body: Buffer, limits?: ReferenceLimits): ReferenceResult {
  const lines: Buffer[] = [];
  for (let start = 0; start < body.length;) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    lines.push(body.subarray(start, end));
    start = end + 1;
  }
  // UTF-8 first, over the whole body, as the scan checks it before anything else.
  const bad = lines.findIndex((line) => !isUtf8(line));
  if (bad !== -1) return { ok: false, line: bad + 1, kind: 'bad_response' };
  const samples: ReferenceSample[] = [];
  const seen = new Set<string>();
  const families = new Map<string, { type: string | null; help: string | null }>();
  let count = 0;
  let lastSeries: string | null = null;
  for (let k = 0; k < lines.length; k++) {
    let text = lines[k]!.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const trimmed = text.replace(/^[ \t]+/, '');
    if (trimmed === '') continue;
    const fail = (kind: 'bad_response' | 'limit_exceeded' | null): ReferenceResult => ({ ok: false, line: k + 1, kind });
    if (trimmed.startsWith('#')) {
      const comment = /^#[ \t]*(HELP|TYPE)(?:[ \t]+([^]*))?$/.exec(trimmed);
      if (comment === null) continue;
      const rest = comment[2] ?? '';
      const named = COMMENT_NAME.exec(rest);
      if (!named) return fail('bad_response');
      const name = named[1]!;
      const family = families.get(name) ?? { type: null, help: null };
      if (comment[1] === 'TYPE') {
        const type = (named[2] ?? '').replace(/[ \t]+$/, '');
        if (!TYPES.includes(type)) return fail('bad_response');
        if (family.type === null) families.set(name, { ...family, type });
      } else if (family.help === null) {
        families.set(name, { ...family, help: (named[2] ?? '').replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\')) });
      }
      continue;
    }
    const m = SAMPLE.exec(trimmed);
    if (!m) return fail(null);
    const [, name = '', block = '', valueToken = '', minus = '', digits] = m;
    const value = parseValue(valueToken);
    if (value === null) return fail(null);
    if (digits !== undefined && digits.length > 19) return fail(null);
    const labels = new Map<string, string>();
    for (const [, label = '', raw = ''] of block.matchAll(ONE_PAIR)) {
      if (labels.has(label)) return fail(null);
      labels.set(label, unescapeValue(raw.slice(1, -1)));
    }
    if (limits) {
      const entries = [...labels];
      if (entries.length + 1 > limitOf(limits.labelLimit)) return fail('limit_exceeded');
      if (entries.some(([label]) => label.length > limitOf(limits.labelNameLengthLimit))) return fail('limit_exceeded');
      const valueLimit = limitOf(limits.labelValueLengthLimit);
      if (Buffer.byteLength(name) > valueLimit || entries.some(([, v]) => Buffer.byteLength(v) > valueLimit)) return fail('limit_exceeded');
    }
    const series = `${name}${block}`;
    if (series !== lastSeries) count++;
    lastSeries = series;
    // The label text as written identifies a series; `{}` is no labels at all.
    const key = `${name}\u0000${block.length <= 2 ? '' : block}`;
    if (!seen.has(key)) {
      seen.add(key);
      samples.push({ name, labels, value, timestampMs: digits === undefined ? null : Number(`${minus}${digits}`) });
    }
    if (limits && count > limitOf(limits.sampleLimit)) return fail('limit_exceeded');
  }
  return { ok: true, samples, count, families };
}
