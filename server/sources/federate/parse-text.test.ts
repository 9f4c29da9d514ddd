import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExposition } from './parse-text';
import { createScanStorage, type ParsedExposition, type ScanStorage } from './scan-types';
import { FederatedSeries } from './series';

const FIXTURES = path.resolve(import.meta.dirname, '../../../test/fixtures/prometheus');
const federateText = readFileSync(path.join(FIXTURES, 'prometheus-2.42-federate.txt'));
const nodeExporterText = readFileSync(path.join(FIXTURES, 'node-exporter-1.5-metrics.txt'));

function parse(text: string | Buffer, reservedLabel?: string): ParsedExposition {
  const result = parseExposition(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), { reservedLabel });
  if (!result.ok) throw new Error(result.message);
  return result.exposition;
}

function series(text: string | Buffer, existing: 'keep' | 'rename' = 'rename'): FederatedSeries {
  return new FederatedSeries(parse(text, 'cluster'), { label: 'cluster', cluster: 'prod-eu', existing });
}

function problem(text: string): string {
  const result = parseExposition(Buffer.from(text, 'utf8'));
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(text)}`);
  return result.message;
}

describe('parseExposition on a real Prometheus 2.42 /federate body', () => {
  const s = series(federateText);

  it('reads every sample line and every family', () => {
    const sampleLines = federateText
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#')).length;
    expect(s.exposition.count).toBe(sampleLines);
    expect(s.exposition.duplicates).toBe(0);
    expect(s.exposition.families.get('node_cpu_seconds_total')).toEqual({ type: 'untyped', help: null });
  });

  it('decodes labels, values and millisecond timestamps, moving the external cluster label aside', () => {
    expect(s.get('up')).toEqual([
      {
        name: 'up',
        labels: { instance: '127.0.0.1:9091', job: 'prometheus', cluster: 'prod-eu', exported_cluster: 'c1' },
        value: 1,
        timestampMs: 1795253468766,
      },
      { name: 'up', labels: { instance: '127.0.0.1:9100', job: 'node', cluster: 'prod-eu', exported_cluster: 'c1' }, value: 1, timestampMs: 1795253468885 },
    ]);
    const uname = s.get('node_uname_info')?.[0];
    expect(uname?.labels.version).toBe('#1 SMP PREEMPT_DYNAMIC @0');
    expect(uname?.labels.domainname).toBe('(none)');
  });

  it('keeps the existing cluster label when told to (honor_labels)', () => {
    expect(series(federateText, 'keep').get('up')?.[0]?.labels).toEqual({ instance: '127.0.0.1:9091', job: 'prometheus', cluster: 'c1' });
  });

  it('reads NaN and +Inf as Prometheus wrote them', () => {
    const nan = s.get('prometheus_engine_query_duration_seconds')?.find((x) => x.labels.slice === 'inner_eval' && x.labels.quantile === '0.5');
    expect(nan?.value).toBeNaN();
    const inf = s.get('prometheus_http_request_duration_seconds_bucket')?.find((x) => x.labels.le === '+Inf');
    expect(inf?.labels.le).toBe('+Inf');
  });

  it('answers unknown names with undefined and lists its names', () => {
    expect(s.get('no_such_metric')).toBeUndefined();
    expect(s.has('up')).toBe(true);
    expect([...s.names()]).toContain('go_goroutines');
    expect(s.size).toBe([...s.names()].length);
  });
});

describe('parseExposition on a node-exporter /metrics body (HELP, TYPE, summaries)', () => {
  const s = series(nodeExporterText);
  it('records family metadata', () => {
    expect(s.exposition.families.get('go_gc_duration_seconds')).toEqual({
      type: 'summary',
      help: 'A summary of the pause duration of garbage collection cycles.',
    });
  });
  it('reads summary quantiles, _sum and _count as their own names', () => {
    expect(s.get('go_gc_duration_seconds')?.map((x) => x.labels.quantile)).toEqual(['0', '0.25', '0.5', '0.75', '1']);
    expect(s.get('go_gc_duration_seconds_count')?.[0]?.timestampMs).toBeNull();
    expect(s.has('go_gc_duration_seconds_sum')).toBe(true);
  });
});

describe('parseExposition, text format details', () => {
  it('undoes the three escapes and keeps other backslashes as written', () => {
    const s = series('m{a="x\\\\y",b="say \\"hi\\"",c="l1\\nl2",d="tab\\t"} 1\n');
    expect(s.get('m')?.[0]?.labels).toEqual({ a: 'x\\y', b: 'say "hi"', c: 'l1\nl2', d: 'tab\\t', cluster: 'prod-eu' });
  });

  it('reads UTF-8 label values and help text', () => {
    const s = series('# HELP m Größe in €\nm{city="Zürich",emoji="🚀"} 2\n');
    expect(s.get('m')?.[0]?.labels.city).toBe('Zürich');
    expect(s.get('m')?.[0]?.labels.emoji).toBe('🚀');
    expect(s.exposition.families.get('m')?.help).toBe('Größe in €');
  });

  it('reads every value form', () => {
    const s = series('a NaN\nb +Inf\nc -Inf\nd 1.5e-3\ne -2\nf .5\ng 7.\nh 1E+4\ni Inf\n');
    const v = (n: string) => s.get(n)?.[0]?.value;
    expect(v('a')).toBeNaN();
    expect([v('b'), v('c'), v('d'), v('e'), v('f'), v('g'), v('h'), v('i')]).toEqual([Infinity, -Infinity, 0.0015, -2, 0.5, 7, 10000, Infinity]);
  });

  it('reads optional and negative timestamps', () => {
    const s = series('a 1\nb 2 1700000000000\nc 3 -5\n');
    expect([s.get('a')?.[0]?.timestampMs, s.get('b')?.[0]?.timestampMs, s.get('c')?.[0]?.timestampMs]).toEqual([null, 1700000000000, -5]);
  });

  it('tolerates blanks, tabs, trailing commas, CRLF, empty braces and blank lines', () => {
    const s = series('\n  m { a = "1" , b="2", }\t3\t 17 \r\nn{} 4\r\n\n');
    expect(s.get('m')?.[0]).toEqual({ name: 'm', labels: { a: '1', b: '2', cluster: 'prod-eu' }, value: 3, timestampMs: 17 });
    expect(s.get('n')?.[0]?.labels).toEqual({ cluster: 'prod-eu' });
  });

  it('reads a body without a final newline, and an empty body', () => {
    expect(series('m 1').get('m')?.[0]?.value).toBe(1);
    expect(parse('').count).toBe(0);
  });

  it('keeps the first of duplicate series and counts the rest', () => {
    const s = series('m{a="1"} 1\nm{a="1"} 9\nm{a="2"} 2\nm{a="1"} 3\n');
    expect(s.get('m')?.map((x) => x.value)).toEqual([1, 2]);
    expect(s.exposition.duplicates).toBe(1);
    expect(s.duplicates).toBe(2);
  });

  it('reads histograms as their _bucket, _sum and _count series', () => {
    const s = series('# TYPE h histogram\nh_bucket{le="0.1"} 1\nh_bucket{le="+Inf"} 3\nh_sum 0.7\nh_count 3\n');
    expect(s.get('h_bucket')?.map((x) => [x.labels.le, x.value])).toEqual([
      ['0.1', 1],
      ['+Inf', 3],
    ]);
    expect(s.exposition.families.get('h')?.type).toBe('histogram');
  });

  it('ignores comments that are neither HELP nor TYPE', () => {
    expect(parse('# just a note\n#\n# EOF\nm 1\n').count).toBe(1);
  });
});

describe('parseExposition rejects malformed input, naming the line', () => {
  it.each([
    ['<!DOCTYPE html><html><body>Login</body></html>', 'line 1: expected a metric name'],
    ['m 1\n9bad 1\n', 'line 2: expected a metric name'],
    ['m{a="1" 1\n', 'expected "," or "}"'],
    ['m{a="1"\n', 'expected "," or "}"'],
    ['m{a="unterminated} 1\n', 'unterminated label value'],
    ['m{a=1} 1\n', 'expected a quoted label value'],
    ['m{1a="x"} 1\n', 'expected a label name'],
    ['m{a="1",a="2"} 1\n', 'label "a" appears twice'],
    ['m\n', 'missing value'],
    ['m{a="1"}\n', 'missing value'],
    ['m one\n', 'value is not a number'],
    ['m 1.2.3\n', 'value is not a number'],
    ['m 0x10\n', 'value is not a number'],
    ['m 1e\n', 'value is not a number'],
    ['m 1 12.5\n', 'timestamp is not an integer'],
    ['m 1 12 extra\n', 'unexpected text after the timestamp'],
    ['m 1 99999999999999999999\n', 'timestamp out of range'],
    ['m-x 1\n', 'unexpected character in metric name'],
    ['# TYPE m gauges\nm 1\n', 'unknown metric type "gauges"'],
    ['# HELP\n', '# HELP needs a metric name'],
  ])('%j', (text, message) => {
    expect(problem(text)).toContain(message);
  });

  it('rejects invalid UTF-8 in a label value', () => {
    const body = Buffer.concat([Buffer.from('m{a="'), Buffer.from([0xff, 0xfe]), Buffer.from('"} 1\n')]);
    const result = parseExposition(body);
    expect(result.ok ? 'accepted' : result.message).toContain('not valid UTF-8');
  });
});

describe('FederatedSeries across scrapes', () => {
  it('reuses the labels of unchanged series from the previous scrape, and decodes changed ones', () => {
    const labelling = { label: 'cluster', cluster: 'c', existing: 'rename' as const };
    const first = new FederatedSeries(parse('m{a="1"} 1\nm{a="2"} 2\n', 'cluster'), labelling);
    const firstSamples = first.get('m') ?? [];
    const scanned = parseExposition(Buffer.from('m{a="1"} 10\nm{a="3"} 30\n'), { reservedLabel: 'cluster', previous: first.exposition });
    if (!scanned.ok) throw new Error(scanned.message);
    const second = new FederatedSeries(scanned.exposition, labelling, first);
    const secondSamples = second.get('m') ?? [];
    expect(secondSamples.map((s) => [s.labels.a, s.value])).toEqual([
      ['1', 10],
      ['3', 30],
    ]);
    expect(secondSamples[0]?.labels).toBe(firstSamples[0]?.labels);
    expect(secondSamples[1]?.labels).toEqual({ a: '3', cluster: 'c' });
  });

  it('carries each series its own labels when series come and go around it and names interleave', () => {
    const labelling = { label: 'cluster', cluster: 'c', existing: 'rename' as const };
    const first = new FederatedSeries(parse('m{a="1"} 1\nn{b="1"} 1\nm{a="2"} 2\nm{a="3"} 3\n', 'cluster'), labelling);
    const [, a2, a3] = first.get('m') ?? [];
    const [b1] = first.get('n') ?? [];
    const scanned = parseExposition(Buffer.from('n{b="0"} 0\nn{b="1"} 10\nm{a="2"} 20\nm{a="3"} 30\nm{a="4"} 40\n'), {
      reservedLabel: 'cluster',
      previous: first.exposition,
    });
    if (!scanned.ok) throw new Error(scanned.message);
    expect(scanned.exposition.repeated).toBe(3);
    const second = new FederatedSeries(scanned.exposition, labelling, first);
    const m = second.get('m') ?? [];
    expect(m.map((s) => [s.labels.a, s.value])).toEqual([
      ['2', 20],
      ['3', 30],
      ['4', 40],
    ]);
    expect(m[0]?.labels).toBe(a2?.labels);
    expect(m[1]?.labels).toBe(a3?.labels);
    const n = second.get('n') ?? [];
    expect(n.map((s) => [s.labels.b, s.value])).toEqual([
      ['0', 0],
      ['1', 10],
    ]);
    expect(n[1]?.labels).toBe(b1?.labels);
  });

  it('carries the labels of a name read lately through scrapes nobody reads, and lets go of them after eight unread scrapes', () => {
    const labelling = { label: 'cluster', cluster: 'c', existing: 'rename' as const };
    let scrape = new FederatedSeries(parse('m{a="1"} 1\nm{a="2"} 2\nother{b="1"} 0\n', 'cluster'), labelling);
    const read = scrape.get('m') ?? [];
    const next = (text: string) => {
      const scanned = parseExposition(Buffer.from(text), { reservedLabel: 'cluster', previous: scrape.exposition });
      if (!scanned.ok) throw new Error(scanned.message);
      scrape = new FederatedSeries(scanned.exposition, labelling, scrape);
      return scrape;
    };
    for (let k = 0; k < 7; k++) next(`m{a="1"} ${k}\nm{a="2"} 2\nother{b="1"} ${k}\n`);
    // Seven scrapes later, values changed, the same labels objects.
    const seventh = scrape.get('m') ?? [];
    expect(seventh.map((s) => [s.labels, s.value])).toEqual([
      [read[0]?.labels, 6],
      [read[1]?.labels, 2],
    ]);
    expect(seventh[0]?.labels).toBe(read[0]?.labels);
    for (let k = 0; k < 9; k++) next(`m{a="1"} ${k}\nm{a="2"} 2\n`);
    // Carried through eight unread scrapes, not into a ninth: decoded again from the text, equal but not the same objects.
    const later = scrape.get('m') ?? [];
    expect(later.map((s) => [s.labels, s.value])).toEqual([
      [{ a: '1', cluster: 'c' }, 8],
      [{ a: '2', cluster: 'c' }, 2],
    ]);
    expect(later[0]?.labels).not.toBe(read[0]?.labels);
  });
});

describe('duplicates across scrapes', () => {
  it('keeps the first of a series repeated far apart, whether its lines repeat the previous scrape or are new', () => {
    const labelling = { label: 'cluster', cluster: 'c', existing: 'rename' as const };
    const first = new FederatedSeries(parse('m{a="2"} 2\nm{a="1"} 1\n', 'cluster'), labelling);
    expect(first.get('m')).toHaveLength(2);
    // Series 1 and 3 twice, far apart, each time.
    const scanAfter = (previous: FederatedSeries) => {
      const scanned = parseExposition(Buffer.from('m{a="1"} 9\nm{a="2"} 2\nm{a="3"} 3\nm{a="1"} 1\nm{a="3"} 4\n'), {
        reservedLabel: 'cluster',
        previous: previous.exposition,
      });
      if (!scanned.ok) throw new Error(scanned.message);
      return scanned.exposition;
    };
    const scanned = scanAfter(first);
    expect(scanned.repeated).toBeGreaterThan(0);
    const second = new FederatedSeries(scanned, labelling, first);
    expect(second.get('m')?.map((s) => [s.labels.a, s.value])).toEqual([
      ['1', 9],
      ['2', 2],
      ['3', 3],
    ]);
    expect(second.duplicates).toBe(2);
    // The same body again: every line repeats, labels (repeats included) are carried, and the repeats are still dropped.
    const again = scanAfter(second);
    expect(again.repeated).toBe(5);
    const third = new FederatedSeries(again, labelling, second);
    expect(third.get('m')?.map((s) => [s.labels.a, s.value])).toEqual([
      ['1', 9],
      ['2', 2],
      ['3', 3],
    ]);
    expect(third.duplicates).toBe(2);
  });
});

describe('duplicates in a large body', () => {
  it('finds every repeat, near or far', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `m{i="${i}"} ${i}`);
    const repeats = Array.from({ length: 300 }, (_, i) => `m{i="${i * 7}"} -1`);
    const s = series(`${[...lines, ...repeats, ...lines.slice(0, 10)].join('\n')}\n`);
    expect(s.get('m')).toHaveLength(5000);
    expect(s.get('m')?.[7]?.value).toBe(7);
    expect(s.duplicates).toBe(310);
  });
});

describe('parseExposition with the previous scan', () => {
  function scan(text: string, previous?: ParsedExposition): ParsedExposition {
    const result = parseExposition(Buffer.from(text, 'utf8'), { reservedLabel: 'cluster', previous });
    if (!result.ok) throw new Error(result.message);
    return result.exposition;
  }
  /** What a reader sees: every sample's name, label text, value and timestamp, and the flags. */
  function view(x: ParsedExposition) {
    const s = new FederatedSeries(x, { label: 'cluster', cluster: 'c', existing: 'rename' });
    return {
      count: x.count,
      duplicates: x.duplicates,
      families: [...x.families],
      flags: [...x.flags],
      samples: [...s.names()].map((name) => [name, (s.get(name) ?? []).map((v) => [v.labels, v.value, v.timestampMs])]),
    };
  }
  const before = [
    '# TYPE a untyped',
    'a{cluster="x",pod="p1"} 1 1000',
    'a{pod="p2"} 2 1000',
    'a{pod="p3"} 3 1000',
    'a{pod="p4"} 4 1000',
    'b{exported_cluster="y",n="1"} 5 1000',
    'b {n="2"} 6 1000',
    'c 7',
    'd{q="\\"quoted\\""} 8 1000',
  ];

  it.each([
    ['new values and timestamps', (l: string[]) => l.map((x) => x.replace(/ (\d+) 1000$/, ' 1$1 2000'))],
    ['a series inserted', (l: string[]) => [...l.slice(0, 3), 'a{pod="p2b"} 9 2000', ...l.slice(3)]],
    ['series removed, more than a few in a row', (l: string[]) => [l[0]!, l[1]!, l[5]!, l[6]!, l[7]!, l[8]!]],
    ['a family gone, another new', (l: string[]) => [...l.slice(0, 5), 'aa{z="1"} 1', ...l.slice(7)]],
    ['a series repeated on the next line', (l: string[]) => [...l.slice(0, 3), l[2]!.replace(' 2 ', ' 22 '), ...l.slice(3)]],
    ['a timestamp dropped and a value spelled otherwise', (l: string[]) => l.map((x) => x.replace(' 3 1000', ' 3').replace(' 4 1000', ' +Inf 1000'))],
    ['the families in another order', (l: string[]) => [...l.slice(5), ...l.slice(0, 5)]],
    ['a type changed and a help text added', (l: string[]) => ['# HELP a What a is.', '# TYPE a gauge', ...l.slice(1)]],
    ['a type line gone', (l: string[]) => l.slice(1)],
  ])('reads the body exactly as without it: %s', (_what, change) => {
    const previous = scan(`${before.join('\n')}\n`);
    const next = `${change(before).join('\n')}\n`;
    const read = scan(next, previous);
    expect(read.repeated).toBeGreaterThan(0);
    expect(view(read)).toEqual(view(scan(next)));
  });

  it.each([
    '1',
    '-1.5e-3 5',
    '.5 -7',
    '+1E+9',
    '12.',
    'NaN 1000',
    '-Inf',
    '+Inf 1000',
    '1 1000\r',
    '1\r\nn 2',
    '+NaN',
    'nan',
    '- 1',
    '1e',
    '1 ',
    '1 12.5',
    '1 99999999999999999999',
    '1 1000 extra',
    '1\r2',
    '0x10',
  ])('reads the value and timestamp %j of a repeated series as without it', (tail) => {
    const previous = scan('m{a="1"} 1 1000\nn 2\n');
    const result = (withPrevious: boolean) => {
      const r = parseExposition(Buffer.from(`m{a="1"} ${tail}\n`), { reservedLabel: 'cluster', previous: withPrevious ? previous : null });
      return r.ok ? view(r.exposition) : r.message;
    };
    expect(result(true)).toEqual(result(false));
  });

  it('still rejects a bad value on a line whose series it saw before', () => {
    const previous = scan('m{a="1"} 1 1000\nm{a="2"} 2 1000\n');
    const result = parseExposition(Buffer.from('m{a="1"} 1 1000\nm{a="2"} 2x 1000\n'), { reservedLabel: 'cluster', previous });
    expect(result.ok ? 'accepted' : result.message).toContain('line 2: value is not a number');
  });

  it('reads a large body the same way when every series repeats', () => {
    const body = (v: number) => `${Array.from({ length: 3000 }, (_, i) => `m${i % 7}{i="${i}",cluster="x"} ${i + v} ${1000 + v}`).join('\n')}\n`;
    const previous = scan(body(0));
    const next = scan(body(1), previous);
    expect(next.repeated).toBe(3000);
    expect(view(next)).toEqual(view(scan(body(1))));
  });

  it('reuses the arrays of a storage, scan after scan, without changing what the scan before it reads', () => {
    // Names interleave, so each name's indices are not one run of lines; the bodies shrink and grow.
    const body = (v: number, n: number) => `${Array.from({ length: n }, (_, i) => `m${i % 3}{i="${i}"} ${i * v} ${1000 + v}`).join('\n')}\n`;
    const withStorage = (text: string, previous: ParsedExposition, storage: ScanStorage) => {
      const result = parseExposition(Buffer.from(text), { reservedLabel: 'cluster', previous, storage });
      if (!result.ok) throw new Error(result.message);
      return result.exposition;
    };
    const one = createScanStorage();
    const two = createScanStorage();
    let previous = scan(body(0, 500));
    const sizes = [500, 480, 520, 2000, 300, 300];
    for (const [k, n] of sizes.entries()) {
      const storage = k % 2 === 0 ? one : two;
      const arraysBefore = storage.ints.starts;
      const read = withStorage(body(k + 1, n), previous, storage);
      const previousView = view(previous);
      expect(view(read)).toEqual(view(scan(body(k + 1, n))));
      expect(read.byName.get('m1')).toEqual(Int32Array.from({ length: Math.ceil((n - 1) / 3) }, (_, j) => 1 + 3 * j));
      // The scan before still reads as it did: its arrays are the other storage's.
      expect(view(previous)).toEqual(previousView);
      // A storage whose arrays hold the previous count and some room gave them to the scan rather than new ones.
      if (arraysBefore !== undefined && arraysBefore.length >= previous.count + 64) expect(read.starts.buffer).toBe(arraysBefore.buffer);
      previous = read;
    }
  });
});

describe('what did not change since the previous scrape', () => {
  const labelling = { label: 'cluster', cluster: 'c', existing: 'rename' as const };
  function next(text: string, previous: FederatedSeries): FederatedSeries {
    const scanned = parseExposition(Buffer.from(text), { reservedLabel: 'cluster', previous: previous.exposition });
    if (!scanned.ok) throw new Error(scanned.message);
    return new FederatedSeries(scanned.exposition, labelling, previous);
  }
  const body = (b: string, cExtra = '') => `a{x="1"} 1 1000\na{x="2"} 2 1000\nb{y="1"} ${b} 1000\nc{z="1"} 5 1000\n${cExtra}`;

  it('flags a name unchanged when its series and values are the same, whatever the timestamps', () => {
    const first = new FederatedSeries(parse(body('3'), 'cluster'), labelling);
    const second = next(body('4', 'c{z="2"} 6 1000\n').replaceAll(' 1000', ' 2000'), first);
    const x = second.exposition;
    expect(Object.fromEntries(x.names.map((name, k) => [name, x.unchanged[k]]))).toEqual({ a: 1, b: 0, c: 0 });
    expect(second.versions.get('a')).toBe(first.versions.get('a'));
    expect(second.versions.get('b')).not.toBe(first.versions.get('b'));
  });

  it('flags a name changed when one of its series vanished', () => {
    const first = new FederatedSeries(parse(body('3'), 'cluster'), labelling);
    const second = next('a{x="1"} 1 1000\nb{y="1"} 3 1000\nc{z="1"} 5 1000\n', first);
    expect([...second.exposition.unchanged]).toEqual([0, 1, 1]);
  });
});
