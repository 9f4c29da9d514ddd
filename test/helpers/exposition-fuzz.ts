/**
 * Fuzzing the text-format scan (server/sources/federate/parse-text.ts):
 * generators of exposition bodies (fast-check arbitraries) and the properties
 * the scan must keep, each a function that answers null or what went wrong.
 * The property test beside the parser runs them a bounded number of times
 * from a fixed seed; the fuzz bench (test/bench/fuzz.bench.ts) runs them for
 * as long as it is given.
 *
 * A valid body is generated as a model (series, values, comments, blank
 * lines, line ends, the formatting of each line) and written out, so what
 * the scan must read back is known without a parser. A corrupted body is a
 * valid one broken on purpose at a known line (a bad value, invalid UTF-8, a
 * label given twice…), or changed at random bytes; then the scan must agree
 * with a plain reference reader (exposition-reference.ts).
 */
import fc from 'fast-check';
import { parseExposition } from '../../server/sources/federate/parse-text';
import {
  createScanStorage,
  NO_LIMITS,
  type ParsedExposition,
  type ParseResult,
  type ScanLimits,
  type ScanStorage,
} from '../../server/sources/federate/scan-types';
import { FederatedSeries } from '../../server/sources/federate/series';
import { referenceRead, type ReferenceResult, type ReferenceSample } from './exposition-reference';

/** An input taking longer than this to scan counts as a hang. */
export const HANG_MS = 1000;

const CLUSTER = 'fuzz';

// ---------------------------------------------------------------- the model

/** How one line is written: the blanks the format allows, where it allows them. Empty strings: canonical. */
interface LineStyle {
  lead: string;
  beforeBrace: string;
  /** After `{` and `,`, around `=`, before `}` and `,`. */
  pad: string;
  trailingComma: boolean;
  /** `name{}` for a series without labels. */
  emptyBraces: boolean;
  /** Between the labels and the value, and the value and the timestamp: at least one blank. */
  sep: string;
  tail: string;
}

interface Label {
  name: string;
  /** As written between the quotes (escaped). */
  written: string;
  /** What it stands for. */
  value: string;
}

interface Series {
  name: string;
  labels: Label[];
  style: LineStyle;
}

interface SampleEntry {
  kind: 'sample';
  /** Index into the body's series (modulo their number): two entries of one series are the same series text. */
  series: number;
  value: [token: string, value: number];
  timestamp: string | null;
}

type Entry =
  | SampleEntry
  | { kind: 'help'; name: string; written: string; help: string; lead: string; sep: string }
  | { kind: 'type'; name: string; type: string; lead: string; sep: string; tail: string }
  | { kind: 'comment'; text: string }
  | { kind: 'blank'; text: string };

/** A valid body as a model. */
export interface BodyModel {
  series: Series[];
  entries: Entry[];
  /** Line end of each line ("\n" or "\r\n"), cycled. */
  ends: string[];
  finalNewline: boolean;
  /** How the cluster label goes on (see ClusterLabelling). */
  existing: 'keep' | 'rename';
}

const blanks = (...options: string[]) => fc.constantFrom('', ...options);
const canonicalMostly = <T>(canonical: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(canonical) }, { weight: 1, arbitrary: other });

const styleArb: fc.Arbitrary<LineStyle> = canonicalMostly(
  { lead: '', beforeBrace: '', pad: '', trailingComma: false, emptyBraces: false, sep: ' ', tail: '' },
  fc.record({
    lead: blanks(' ', '\t', '  '),
    beforeBrace: blanks(' ', '\t'),
    pad: blanks(' ', '\t', ' \t'),
    trailingComma: fc.boolean(),
    emptyBraces: fc.boolean(),
    sep: fc.constantFrom(' ', '\t', '  ', ' \t'),
    tail: blanks(' ', '\t'),
  }),
);

const metricName = fc.oneof(fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,10}$/), fc.constantFrom('up', 'm', 'ALERTS', 'kube_pod_info', 'a:b', '_'));
const labelName = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom('cluster', 'exported_cluster', 'le', 'pod', '__proto__', 'constructor', 'toString') },
);

/** One character of text: anything but the quote, backslash and line end, which come as escapes. */
const plainChar = fc.oneof(
  fc.constantFrom('a', 'Z', '0', ' ', '\t', '{', '}', '=', ',', '#', '\r', 'é', '€', '🚀', 'İ', '\u2028'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '"' && c !== '\\' && c !== '\n'),
);
/** A piece of a label value: [as written, what it stands for]. */
const valuePiece: fc.Arbitrary<[string, string]> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: plainChar, minLength: 1, maxLength: 6 }).map((s): [string, string] => [s, s]) },
  { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['\\\\', '\\'], ['\\"', '"'], ['\\n', '\n']) },
  // Other escapes are kept as written, as Prometheus does.
  { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['\\t', '\\t'], ['\\x', '\\x'], ['\\ ', '\\ '], ['\\é', '\\é']) },
);
const labelValue = fc
  .array(valuePiece, { maxLength: 5 })
  .map((pieces) => ({ written: pieces.map((p) => p[0]).join(''), value: pieces.map((p) => p[1]).join('') }));

const seriesArb: fc.Arbitrary<Series> = fc.record({
  name: metricName,
  labels: fc
    .uniqueArray(fc.tuple(labelName, labelValue), { maxLength: 6, selector: ([name]) => name })
    .map((pairs) => pairs.map(([name, v]) => ({ name, ...v }))),
  style: styleArb,
});

const SPECIAL_VALUES: Array<[string, number]> = [
  ['+Inf', Infinity],
  ['-Inf', -Infinity],
  ['Inf', Infinity],
  ['inf', Infinity],
  ['+infinity', Infinity],
  ['-INF', -Infinity],
  ['NaN', NaN],
  ['nan', NaN],
  ['.5', 0.5],
  ['7.', 7],
  ['1E4', 1e4],
  ['1.e5', 1e5],
  ['+3', 3],
  ['007', 7],
  ['-0', -0],
  ['+.25e-1', 0.025],
];
const valueArb: fc.Arbitrary<[string, number]> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x): [string, number] => [String(x), Number(String(x))]),
  fc.integer().map((i): [string, number] => [String(i), i]),
  fc.constantFrom(...SPECIAL_VALUES),
);
const timestampArb = fc.option(
  fc.oneof(
    fc.integer({ min: -1e12, max: 4e12 }).map(String),
    // Up to 19 digits, either sign: the longest timestamp the format takes.
    fc.bigInt({ min: -(10n ** 19n - 1n), max: 10n ** 19n - 1n }).map(String),
    fc.constantFrom('0', '-0', '007'),
  ),
  { freq: 2 },
);

/** HELP text pieces: [as written, what it says]; only `\\` and `\n` are escapes there. */
const helpPiece: fc.Arbitrary<[string, string]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.string({ unit: plainChar, minLength: 1, maxLength: 8 }).map((s): [string, string] => [s.replace(/\r/g, ''), s.replace(/\r/g, '')]),
  },
  { weight: 1, arbitrary: fc.constantFrom<[string, string]>(['\\\\', '\\'], ['\\n', '\n'], ['\\"', '\\"'], ['\\t', '\\t'], ['"', '"']) },
);

function entryArb(names: string[]): fc.Arbitrary<Entry> {
  const familyName = fc.oneof(fc.constantFrom(...names), metricName);
  return fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record({ kind: fc.constant<'sample'>('sample'), series: fc.nat(), value: valueArb, timestamp: timestampArb }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ name: familyName, pieces: fc.array(helpPiece, { maxLength: 4 }), lead: blanks(' '), sep: fc.constantFrom(' ', '\t', '  ') })
        .map(({ name, pieces, lead, sep }): Entry => {
          // Blanks after the name are the separator, not the text.
          const written = pieces
            .map((p) => p[0])
            .join('')
            .replace(/^[ \t]+/, '');
          const help = written === pieces.map((p) => p[0]).join('') ? pieces.map((p) => p[1]).join('') : unescapeHelp(written);
          return { kind: 'help', name, written, help, lead, sep };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant<'type'>('type'),
        name: familyName,
        type: fc.constantFrom('counter', 'gauge', 'histogram', 'summary', 'untyped'),
        lead: blanks(' ', '\t'),
        sep: fc.constantFrom(' ', '\t', ' \t'),
        tail: blanks(' ', '\t'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(blanks(' '), fc.string({ unit: plainChar, maxLength: 12 }))
        .map(([lead, text]): Entry => ({ kind: 'comment', text: `${lead}#${/^[ \t]*(HELP|TYPE)([ \t]|$)/.test(text) ? 'x' : ''}${text.replace(/\r/g, '')}` })),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant<'blank'>('blank'), text: blanks(' ', '\t', ' \t ') }) },
  );
}

function unescapeHelp(written: string): string {
  return written.replace(/\\(\\|n)/g, (_m, c: string) => (c === 'n' ? '\n' : '\\'));
}

/** Most lines of a body in the property test. */
const DEFAULT_LINES = 40;

/** A valid body's model: up to `maxLines` lines over up to 12 series. */
export function bodyModel(maxLines = DEFAULT_LINES): fc.Arbitrary<BodyModel> {
  return fc.uniqueArray(seriesArb, { minLength: 1, maxLength: 12, selector: seriesKey }).chain((series) =>
    fc.record({
      series: fc.constant(series),
      // Past the default size, lengths spread up to maxLines (the bench's long bodies).
      entries: fc.array(entryArb(series.map((s) => s.name)), { maxLength: maxLines, size: maxLines > DEFAULT_LINES ? 'max' : undefined }),
      ends: fc.array(fc.constantFrom('\n', '\n', '\r\n'), { minLength: 1, maxLength: 4 }),
      finalNewline: fc.boolean(),
      existing: fc.constantFrom<'keep' | 'rename'>('keep', 'rename'),
    }),
  );
}

/** Two series are the same when their names and decoded labels are. */
function seriesKey(s: Series): string {
  return JSON.stringify([s.name, s.labels.map((l) => [l.name, l.value]).sort()]);
}

// ---------------------------------------------------------------- writing

/** A break at a known sample line: the scan must refuse the body at that line. */
export type Corruption =
  | { kind: 'value'; token: string }
  | { kind: 'timestamp'; token: string }
  | { kind: 'utf8'; bytes: readonly number[]; at: number }
  | { kind: 'name' | 'quote' | 'duplicate-label' | 'brace' | 'type' | 'garbage' };

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({
    kind: fc.constant<'value'>('value'),
    token: fc.constantFrom('one', '1.2.3', '0x10', '1e', '--1', '+NaN', '1_000', '.', 'Infinit', '1e+', '0x1p3'),
  }),
  fc.record({
    kind: fc.constant<'timestamp'>('timestamp'),
    token: fc.constantFrom('12.5', '1e3', 'x', '--1', '1-', '12345678901234567890', '-12345678901234567890'),
  }),
  fc.record({
    kind: fc.constant<'utf8'>('utf8'),
    bytes: fc.constantFrom<readonly number[]>([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8], [0x80], [0xe2, 0x82]),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constantFrom<'name' | 'quote' | 'duplicate-label' | 'brace' | 'type' | 'garbage'>('name', 'quote', 'duplicate-label', 'brace', 'type', 'garbage'),
  }),
);

function writeLabels(s: Series, corruption: Corruption | null): string {
  const { style } = s;
  const pad = style.pad;
  if (s.labels.length === 0) {
    if (corruption?.kind === 'brace') return `${style.beforeBrace}{${pad}`;
    return style.emptyBraces ? `${style.beforeBrace}{${pad}}` : '';
  }
  const pairs = s.labels.map((l, k) => {
    const last = k === s.labels.length - 1;
    return `${l.name}${pad}=${pad}"${l.written}${corruption?.kind === 'quote' && last ? '' : '"'}${pad}`;
  });
  if (corruption?.kind === 'duplicate-label') pairs.splice(1, 0, `${s.labels[0]!.name}="x"`);
  const close = corruption?.kind === 'brace' ? '' : '}';
  return `${style.beforeBrace}{${pad}${pairs.join(`,${pad}`)}${style.trailingComma ? `,${pad}` : ''}${close}`;
}

function writeSample(body: BodyModel, e: SampleEntry, asked: Corruption | null): string {
  const s = seriesOf(body, e);
  const { style } = s;
  // A series without labels has no quote to take away nor label to repeat: its name is broken instead.
  const corruption: Corruption | null = (asked?.kind === 'quote' || asked?.kind === 'duplicate-label') && s.labels.length === 0 ? { kind: 'name' } : asked;
  if (corruption?.kind === 'type') return `# TYPE ${s.name} gauges`;
  if (corruption?.kind === 'garbage') return '<!DOCTYPE html><html>';
  const value = corruption?.kind === 'value' ? corruption.token : e.value[0];
  const timestamp = corruption?.kind === 'timestamp' ? corruption.token : e.timestamp;
  const name = corruption?.kind === 'name' ? `0${s.name}` : s.name;
  return `${style.lead}${name}${writeLabels(s, corruption)}${style.sep}${value}${timestamp === null ? '' : `${style.sep}${timestamp}`}${style.tail}`;
}

function seriesOf(body: BodyModel, e: SampleEntry): Series {
  return body.series[e.series % body.series.length]!;
}

function writeEntry(body: BodyModel, e: Entry, corruption: Corruption | null): string {
  switch (e.kind) {
    case 'sample':
      return writeSample(body, e, corruption);
    case 'help':
      return `${e.lead}#${e.sep}HELP${e.sep}${e.name}${e.written === '' ? '' : e.sep}${e.written}`;
    case 'type':
      return `${e.lead}#${e.sep}TYPE${e.sep}${e.name}${e.sep}${e.type}${e.tail}`;
    case 'comment':
    case 'blank':
      return e.text;
  }
}

/** The body of a model, `corruption` (if any) applied to entry `at` (a sample line). */
export function writeBody(body: BodyModel, broken?: { at: number; corruption: Corruption }): Buffer {
  const parts: Buffer[] = [];
  body.entries.forEach((e, k) => {
    let line = Buffer.from(writeEntry(body, e, broken?.at === k ? broken.corruption : null), 'utf8');
    const c = broken?.at === k ? broken.corruption : null;
    if (c?.kind === 'utf8') {
      const at = c.at % (line.length + 1);
      line = Buffer.concat([line.subarray(0, at), Buffer.from(c.bytes), line.subarray(at)]);
    }
    parts.push(line);
    if (k < body.entries.length - 1 || body.finalNewline) parts.push(Buffer.from(body.ends[k % body.ends.length]!));
  });
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------- what the scan must read

interface Expected {
  samples: ReferenceSample[];
  count: number;
  families: Map<string, { type: string | null; help: string | null }>;
}

/** What a valid body says, from its model alone. */
function expectedOf(body: BodyModel): Expected {
  const samples: ReferenceSample[] = [];
  const seen = new Set<Series>();
  const families = new Map<string, { type: string | null; help: string | null }>();
  let count = 0;
  let last: Series | null = null;
  for (const e of body.entries) {
    if (e.kind === 'help' || e.kind === 'type') {
      const family = families.get(e.name) ?? { type: null, help: null };
      if (e.kind === 'type' && family.type === null) families.set(e.name, { ...family, type: e.type });
      if (e.kind === 'help' && family.help === null) families.set(e.name, { ...family, help: e.help });
    }
    if (e.kind !== 'sample') continue;
    const s = seriesOf(body, e);
    if (s !== last) count++;
    last = s;
    if (seen.has(s)) continue;
    seen.add(s);
    samples.push({
      name: s.name,
      labels: new Map(s.labels.map((l) => [l.name, l.value])),
      value: e.value[1],
      timestampMs: e.timestamp === null ? null : Number(e.timestamp),
    });
  }
  return { samples, count, families };
}

/** The cluster label put on as ClusterLabelling says (written again here, not imported). */
function labelled(labels: Map<string, string>, existing: 'keep' | 'rename'): Array<[string, string]> {
  const out = new Map(labels);
  const current = out.get('cluster');
  if (current === undefined) out.set('cluster', CLUSTER);
  else if (existing === 'rename') {
    let exported = 'exported_cluster';
    while (out.has(exported)) exported = `exported_${exported}`;
    out.set(exported, current);
    out.set('cluster', CLUSTER);
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const show = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x instanceof Map ? [...x] : x));

/** Differences between what the scan read and what was expected; null when none. */
function compareRead(x: ParsedExposition, expected: Expected, existing: 'keep' | 'rename'): string | null {
  const series = new FederatedSeries(x, { label: 'cluster', cluster: CLUSTER, existing });
  if (x.count !== expected.count) return `count ${x.count}, expected ${expected.count}`;
  const got = [...series.names()].flatMap((name) => series.get(name) ?? []);
  const want = [...expected.samples].sort((a, b) => order(x, a.name) - order(x, b.name));
  if (got.length !== want.length) return `${got.length} samples, expected ${want.length}: ${show(got.map((s) => s.name))} / ${show(want.map((s) => s.name))}`;
  for (let k = 0; k < got.length; k++) {
    const g = got[k]!;
    const w = want[k]!;
    const gotLabels = Object.entries(g.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const wantLabels = labelled(w.labels, existing);
    if (g.name !== w.name || show(gotLabels) !== show(wantLabels) || !Object.is(g.value, w.value) || g.timestampMs !== w.timestampMs)
      return `sample ${k}: read ${show({ ...g, labels: gotLabels })}, expected ${show({ ...w, labels: wantLabels })}`;
  }
  const families = [...x.families].map(([name, f]) => [name, f.type, f.help]).sort();
  const wantFamilies = [...expected.families].map(([name, f]) => [name, f.type, f.help]).sort();
  if (show(families) !== show(wantFamilies)) return `families ${show(families)}, expected ${show(wantFamilies)}`;
  return null;
}

/** Where a name first appears in the scan (names are read in that order). */
function order(x: ParsedExposition, name: string): number {
  const k = x.names.indexOf(name);
  return k === -1 ? Infinity : k;
}

function timed(what: () => ParseResult): { result: ParseResult; ms: number } {
  const started = performance.now();
  const result = what();
  return { result, ms: performance.now() - started };
}

function scan(body: Buffer, options: { limits?: ScanLimits; previous?: ParsedExposition | null; storage?: ScanStorage } = {}): ParseResult {
  return parseExposition(body, { reservedLabel: 'cluster', ...options });
}

function agreesWithReference(result: ParseResult, reference: ReferenceResult, existing: 'keep' | 'rename'): string | null {
  if (reference.ok !== result.ok)
    return result.ok ? `accepted; the reference refuses line ${reference.ok ? '?' : reference.line}` : `refused (${result.message}); the reference accepts it`;
  if (!result.ok && !reference.ok) {
    if (result.line !== reference.line) return `refused at line ${result.line} (${result.message}); the reference at line ${reference.line}`;
    if (reference.kind !== null && reference.kind !== result.kind) return `refused as ${result.kind} (${result.message}); the reference: ${reference.kind}`;
    if (!result.message.startsWith(`line ${result.line}: `)) return `the message does not start with its line: ${result.message}`;
    return null;
  }
  return result.ok && reference.ok ? compareRead(result.exposition, reference, existing) : null;
}

// ---------------------------------------------------------------- the properties

/** One property: its inputs, and a check answering null or what is wrong. */
export interface FuzzProperty<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  check(input: T): string | null;
}

function slow(ms: number): string | null {
  return ms > HANG_MS ? `took ${ms.toFixed(0)} ms (a hang)` : null;
}

/** A valid body is read back as written; the reference reader agrees (which checks it too). */
export function validBodies(maxLines = DEFAULT_LINES): FuzzProperty<BodyModel> {
  return {
    name: 'valid',
    arbitrary: bodyModel(maxLines),
    check(model) {
      const body = writeBody(model);
      const { result, ms } = timed(() => scan(body));
      const expected = expectedOf(model);
      if (!result.ok) return `refused a valid body: ${result.message}`;
      const reference = referenceRead(body);
      return (
        slow(ms) ??
        compareRead(result.exposition, expected, model.existing) ??
        (reference.ok ? null : `the reference refuses a valid body at line ${reference.line}`) ??
        agreesWithReference(result, reference, model.existing)
      );
    },
  };
}

/** A body broken at a known sample line is refused at that line, with the line in the message. */
export function brokenBodies(maxLines = DEFAULT_LINES): FuzzProperty<{ model: BodyModel; at: number; corruption: Corruption }> {
  return {
    name: 'broken',
    arbitrary: bodyModel(maxLines)
      .filter((m) => m.entries.some((e) => e.kind === 'sample'))
      .chain((model) => fc.record({ model: fc.constant(model), at: fc.nat(), corruption: corruptionArb })),
    check({ model, at, corruption }) {
      const samples = model.entries.flatMap((e, k) => (e.kind === 'sample' ? [k] : []));
      const k = samples[at % samples.length]!;
      const body = writeBody(model, { at: k, corruption });
      const { result, ms } = timed(() => scan(body));
      if (result.ok) return `accepted a body broken at line ${k + 1} (${corruption.kind}): ${show(body.toString('latin1'))}`;
      if (result.line !== k + 1) return `refused at line ${result.line}, broken at line ${k + 1} (${corruption.kind}): ${result.message}`;
      if (result.kind !== 'bad_response') return `refused as ${result.kind}: ${result.message}`;
      if (!result.message.startsWith(`line ${k + 1}: `)) return `the message does not name the line: ${result.message}`;
      return slow(ms);
    },
  };
}

/** A change of random bytes: truncation, a flipped byte, bytes inserted, deleted, copied, lines swapped. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete' | 'copy'; at: number; length: number; to: number }
  | { kind: 'swap-lines'; a: number; b: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant<'truncate'>('truncate'), at: fc.nat() }),
  fc.record({
    kind: fc.constant<'flip'>('flip'),
    at: fc.nat(),
    byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x0a, 0x0d, 0x22, 0x5c, 0x7b, 0x7d, 0x20, 0x23)),
  }),
  fc.record({ kind: fc.constant<'insert'>('insert'), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constantFrom<'delete' | 'copy'>('delete', 'copy'), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), to: fc.nat() }),
  fc.record({ kind: fc.constant<'swap-lines'>('swap-lines'), a: fc.nat(), b: fc.nat() }),
);

export function mutate(body: Buffer, m: Mutation): Buffer {
  const n = body.length;
  switch (m.kind) {
    case 'truncate':
      return body.subarray(0, m.at % (n + 1));
    case 'flip': {
      if (n === 0) return body;
      const out = Buffer.from(body);
      out[m.at % n] = m.byte;
      return out;
    }
    case 'insert': {
      const at = m.at % (n + 1);
      return Buffer.concat([body.subarray(0, at), Buffer.from(m.bytes), body.subarray(at)]);
    }
    case 'delete': {
      const at = m.at % (n + 1);
      return Buffer.concat([body.subarray(0, at), body.subarray(Math.min(n, at + m.length))]);
    }
    case 'copy': {
      const at = m.at % (n + 1);
      const piece = body.subarray(at, Math.min(n, at + m.length));
      const to = m.to % (n + 1);
      return Buffer.concat([body.subarray(0, to), piece, body.subarray(to)]);
    }
    case 'swap-lines': {
      const lines = body.toString('latin1').split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return Buffer.from(lines.join('\n'), 'latin1');
    }
  }
}

/** A body changed at random: never a throw or a hang, and the same answer as the reference reader. */
export function mutatedBodies(maxLines = DEFAULT_LINES): FuzzProperty<{ model: BodyModel; mutations: Mutation[] }> {
  return {
    name: 'mutated',
    arbitrary: fc.record({ model: bodyModel(maxLines), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) }),
    check({ model, mutations }) {
      const body = mutations.reduce(mutate, writeBody(model));
      const { result, ms } = timed(() => scan(body));
      return slow(ms) ?? agreesWithReference(result, referenceRead(body), model.existing);
    },
  };
}

const limitArb: fc.Arbitrary<ScanLimits> = fc.record({
  sampleLimit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  labelLimit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8 })),
  labelNameLengthLimit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 })),
  labelValueLengthLimit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 })),
});

/** Under limits, a body is refused exactly where the reference says it goes over one, as limit_exceeded. */
export function limitedBodies(maxLines = DEFAULT_LINES): FuzzProperty<{ model: BodyModel; limits: ScanLimits; mutations: Mutation[] }> {
  return {
    name: 'limits',
    arbitrary: fc.record({ model: bodyModel(maxLines), limits: limitArb, mutations: fc.array(mutationArb, { maxLength: 1 }) }),
    check({ model, limits, mutations }) {
      const body = mutations.reduce(mutate, writeBody(model));
      const { result, ms } = timed(() => scan(body, { limits }));
      return slow(ms) ?? agreesWithReference(result, referenceRead(body, limits), model.existing);
    },
  };
}

/** Edits turning one scrape's model into the next one's: values move, lines go and come. */
interface NextScrape {
  /** Per entry of the first body: kept as it is, its value and timestamp moved, or dropped. */
  edits: Array<'same' | 'moved' | 'dropped'>;
  moved: Array<[string, number]>;
  added: Entry[];
  /** Names of the first scrape read before the next one arrives (their labels are carried). */
  read: number[];
  mutations: Mutation[];
  limits: ScanLimits | null;
}

function nextModel(model: BodyModel, next: NextScrape): BodyModel {
  const entries: Entry[] = [];
  model.entries.forEach((e, k) => {
    const edit = next.edits[k % next.edits.length];
    if (edit === 'dropped') return;
    if (edit === 'moved' && e.kind === 'sample')
      entries.push({ ...e, value: next.moved[k % next.moved.length]!, timestamp: e.timestamp === null ? null : '1' });
    else entries.push(e);
    if (next.added.length > 0 && k % 3 === 0) entries.push(next.added[k % next.added.length]!);
  });
  return { ...model, entries };
}

/** Everything a scan's readers see, in a form to compare (the fields about the previous scan left out). */
function view(x: ParsedExposition, existing: 'keep' | 'rename'): string {
  const series = new FederatedSeries(x, { label: 'cluster', cluster: CLUSTER, existing });
  return show({
    count: x.count,
    duplicates: x.duplicates,
    names: x.names,
    lines: Array.from({ length: x.count }, (_, i) => [
      x.starts[i],
      x.labelsEnd[i],
      x.valueEnd[i],
      x.ends[i],
      x.flags[i],
      x.reservedAt[i],
      x.nameOf[i],
      x.positionInName[i],
    ]),
    byName: [...x.byName].map(([name, list]) => [name, [...list]]),
    families: [...x.families],
    comments: x.comments,
    samples: [...series.names()].map((name) => series.get(name)?.map((s) => [s.labels, s.value, s.timestampMs])),
  });
}

function sameOutcome(fresh: ParseResult, again: ParseResult, existing: 'keep' | 'rename', previous?: FederatedSeries): string | null {
  if (fresh.ok !== again.ok)
    return `a fresh scan ${fresh.ok ? 'accepts' : `refuses (${fresh.message})`}, the scan with the previous ${again.ok ? 'accepts' : `refuses (${again.message})`}`;
  if (!fresh.ok && !again.ok)
    return fresh.message === again.message && fresh.kind === again.kind ? null : `refused as "${fresh.message}" fresh, "${again.message}" with the previous`;
  if (!fresh.ok || !again.ok) return null;
  const a = view(fresh.exposition, existing);
  // Read through a scrape built on the previous one, so carried labels are what is compared.
  const carried = new FederatedSeries(again.exposition, { label: 'cluster', cluster: CLUSTER, existing }, previous);
  const b = view(again.exposition, existing);
  const samples = (s: FederatedSeries) => show([...s.names()].map((name) => s.get(name)?.map((x) => [x.labels, x.value, x.timestampMs])));
  if (a !== b) return `fresh ${a}\nwith the previous ${b}`;
  const freshSamples = samples(new FederatedSeries(fresh.exposition, { label: 'cluster', cluster: CLUSTER, existing }));
  if (freshSamples !== samples(carried)) return `carried labels differ: ${freshSamples} / ${samples(carried)}`;
  return null;
}

/** The scan against the previous scrape (lines repeating it read the short way, arrays reused) reads what a fresh scan reads. */
export function repeatedBodies(maxLines = DEFAULT_LINES): FuzzProperty<{ model: BodyModel; next: NextScrape }> {
  return {
    name: 'previous',
    arbitrary: bodyModel(maxLines).chain((model) =>
      fc.record({
        model: fc.constant(model),
        next: fc.record({
          edits: fc.array(fc.constantFrom<'same' | 'moved' | 'dropped'>('same', 'same', 'same', 'moved', 'dropped'), { minLength: 1, maxLength: 8 }),
          moved: fc.array(valueArb, { minLength: 1, maxLength: 4 }),
          added: fc.array(entryArb(model.series.map((s) => s.name)), { maxLength: 4 }),
          read: fc.array(fc.nat(), { maxLength: 3 }),
          mutations: fc.array(mutationArb, { maxLength: 1 }),
          limits: fc.option(limitArb),
        }),
      }),
    ),
    check({ model, next }) {
      const first = writeBody(model);
      const second = next.mutations.reduce(mutate, writeBody(nextModel(model, next)));
      let limits = next.limits ?? NO_LIMITS;
      if (!scan(first, { limits }).ok) limits = NO_LIMITS;
      // Two storages taken in turn, as pooled buffers are: a scan never writes into the arrays its previous reads.
      const storages = [createScanStorage(), createScanStorage()];
      const a = scan(first, { limits, storage: storages[0] });
      if (!a.ok) return `refused a valid body: ${a.message}`;
      const aSeries = new FederatedSeries(a.exposition, { label: 'cluster', cluster: CLUSTER, existing: model.existing });
      for (const k of next.read) aSeries.get(a.exposition.names[k % Math.max(1, a.exposition.names.length)] ?? '');
      const { result: b, ms } = timed(() => scan(second, { limits, previous: a.exposition, storage: storages[1] }));
      const problem = slow(ms) ?? sameOutcome(scan(second, { limits }), b, model.existing, aSeries);
      if (problem !== null || !b.ok) return problem;
      // And back: the first body again, against the second, into the first storage.
      const bSeries = new FederatedSeries(b.exposition, { label: 'cluster', cluster: CLUSTER, existing: model.existing }, aSeries);
      const c = scan(first, { limits, previous: b.exposition, storage: storages[0] });
      return sameOutcome(scan(first, { limits }), c, model.existing, bSeries);
    },
  };
}

/** A property as the test and the bench run it, whatever its inputs. */
export interface FuzzCase {
  name: string;
  /** Checks `numRuns` inputs from `seed` with fast-check (shrinking a failure to a small one); throws what went wrong. */
  assert(options: { seed: number; numRuns: number }): void;
  /** The `count` inputs `seed` gives, each with its check (the same inputs for the same seed and count). */
  draw(seed: number, count: number): Array<{ input: unknown; check(): string | null }>;
}

function fuzzCase<T>(p: FuzzProperty<T>): FuzzCase {
  return {
    name: p.name,
    assert({ seed, numRuns }) {
      fc.assert(
        fc.property(p.arbitrary, (input) => {
          const problem = p.check(input);
          if (problem !== null) throw new Error(problem);
        }),
        { seed, numRuns },
      );
    },
    draw(seed, count) {
      return fc.sample(p.arbitrary, { seed, numRuns: count }).map((input) => ({ input, check: () => p.check(input) }));
    },
  };
}

/** Every property, bodies of up to `maxLines` lines. */
export function fuzzCases(maxLines = DEFAULT_LINES): FuzzCase[] {
  return [
    fuzzCase(validBodies(maxLines)),
    fuzzCase(brokenBodies(maxLines)),
    fuzzCase(mutatedBodies(maxLines)),
    fuzzCase(limitedBodies(maxLines)),
    fuzzCase(repeatedBodies(maxLines)),
  ];
}
