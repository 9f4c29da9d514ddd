import { describe, expect, it } from 'vitest';
import { parseExposition } from './parse-text';
import { NO_LIMITS, type ParsedExposition, type ParseResult, type ScanLimits } from './scan-types';

function scan(text: string | Buffer, limits: Partial<ScanLimits>, previous?: ParsedExposition): ParseResult {
  return parseExposition(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), { reservedLabel: 'cluster', limits: { ...NO_LIMITS, ...limits }, previous });
}

function accepted(text: string | Buffer, limits: Partial<ScanLimits>, previous?: ParsedExposition): ParsedExposition {
  const result = scan(text, limits, previous);
  if (!result.ok) throw new Error(result.message);
  return result.exposition;
}

/** The kind and message of a refused body. */
function refused(text: string | Buffer, limits: Partial<ScanLimits>, previous?: ParsedExposition): { kind: string; line: number; message: string } {
  const result = scan(text, limits, previous);
  if (result.ok) throw new Error('accepted');
  return { kind: result.kind, line: result.line, message: result.message };
}

function lines(n: number, make: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => `${make(i)}\n`).join('');
}

describe('sampleLimit', () => {
  it('accepts a body at the limit and refuses one sample more, naming the limit and the count', () => {
    expect(
      accepted(
        lines(10, (i) => `m{i="${i}"} 1`),
        { sampleLimit: 10 },
      ).count,
    ).toBe(10);
    expect(
      refused(
        lines(11, (i) => `m{i="${i}"} 1`),
        { sampleLimit: 10 },
      ),
    ).toEqual({
      kind: 'limit_exceeded',
      line: 11,
      message: 'line 11: sampleLimit: 11 samples, more than the limit of 10 (the scan stopped at sample 11, byte 122 of 122)',
    });
  });

  it('stops at the first sample past the limit without reading the rest, and estimates the whole', () => {
    // A malformed line after the limit is never reached: the scan stopped before it.
    const body = `${lines(2000, (i) => `m{i="${String(i).padStart(6, '0')}"} 1`)}this is not exposition\n`;
    const { kind, line, message } = refused(body, { sampleLimit: 100 });
    expect(kind).toBe('limit_exceeded');
    expect(line).toBe(101);
    expect(message).toMatch(
      /^line 101: sampleLimit: about 2,001 samples, more than the limit of 100 \(the scan stopped at sample 101, byte 1,616 of 32,023\)$/,
    );
  });

  it('counts samples, not comment lines, blank lines or a series repeated on the next line', () => {
    const body = `# TYPE m gauge\n\n${lines(5, (i) => `m{i="${i}"} 1\nm{i="${i}"} 2`)}# comment\n`;
    expect(accepted(body, { sampleLimit: 5 }).count).toBe(5);
  });

  it('counts the lines that repeat the previous scrape too', () => {
    const before = accepted(
      lines(5, (i) => `m{i="${i}"} 1`),
      { sampleLimit: 5 },
    );
    const after = `${lines(5, (i) => `m{i="${i}"} 2`)}m{i="new"} 1\n`;
    expect(refused(after, { sampleLimit: 5 }, before).message).toContain('sampleLimit: 6 samples, more than the limit of 5');
  });

  it('0 means no limit', () => {
    expect(
      accepted(
        lines(1000, (i) => `m{i="${i}"} 1`),
        { sampleLimit: 0 },
      ).count,
    ).toBe(1000);
  });
});

describe('labelLimit (the metric name counted, as Prometheus counts __name__)', () => {
  it.each([
    ['canonical', 'm{a="1",b="2",c="3"} 1\n'],
    ['with blanks', 'm{ a="1", b="2", c="3" } 1\n'],
    ['with an escape', 'm{a="\\"1",b="2",c="3"} 1\n'],
  ])('refuses a series over the limit, %s', (_form, body) => {
    expect(refused(body, { labelLimit: 3 })).toEqual({
      kind: 'limit_exceeded',
      line: 1,
      message: `line 1: labelLimit: 4 labels (the metric name counted), more than the limit of 3: ${JSON.stringify(body.trimEnd())}`,
    });
    expect(accepted(body, { labelLimit: 4 }).count).toBe(1);
  });

  it('counts every label of a 100,000-label line, in linear time', () => {
    const body = `ok 1\nm{${Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`).join(',')}} 1\n`;
    const started = performance.now();
    const { kind, line, message } = refused(body, { labelLimit: 64 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect([kind, line]).toEqual(['limit_exceeded', 2]);
    expect(message).toContain('line 2: labelLimit: 100,001 labels (the metric name counted), more than the limit of 64: "m{l0=\\"v\\",l1=');
  });

  it('reads a 100,000-label line with no limit in linear time, and still finds a label given twice', () => {
    const labels = Array.from({ length: 100_000 }, (_, i) => `l${i}="v"`);
    const started = performance.now();
    expect(accepted(`m{${labels.join(',')}} 1\n`, {}).count).toBe(1);
    expect(refused(`m{${labels.join(',')},l77777="w"} 1\n`, {}).message).toContain('label "l77777" appears twice');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('labelNameLengthLimit', () => {
  it('refuses a label name longer than the limit, in every form', () => {
    const name = 'n'.repeat(257);
    for (const body of [`m{${name}="v"} 1\n`, `m{ ${name} = "v" } 1\n`]) {
      const { kind, message } = refused(body, { labelNameLengthLimit: 256 });
      expect(kind).toBe('limit_exceeded');
      expect(message).toContain('line 1: labelNameLengthLimit: a label name of 257 bytes, more than the limit of 256: "m{');
    }
    expect(accepted(`m{${'n'.repeat(256)}="v"} 1\n`, { labelNameLengthLimit: 256 }).count).toBe(1);
  });

  it('refuses a 10 KB label name at the default limits', () => {
    expect(refused(`m{${'x'.repeat(10_240)}="v"} 1\n`, { labelNameLengthLimit: 256 }).message).toContain('a label name of 10,240 bytes');
  });
});

describe('labelValueLengthLimit', () => {
  it('refuses a label value longer than the limit, in bytes of UTF-8', () => {
    // "é" is two bytes: 2049 of them are 4098 bytes.
    const { kind, message } = refused(`m{a="x",big="${'é'.repeat(2049)}"} 1\n`, { labelValueLengthLimit: 4096 });
    expect(kind).toBe('limit_exceeded');
    expect(message).toContain('line 1: labelValueLengthLimit: the value of label "big" has 4,098 bytes, more than the limit of 4,096');
    expect(accepted(`m{big="${'é'.repeat(2048)}"} 1\n`, { labelValueLengthLimit: 4096 }).count).toBe(1);
  });

  it('counts a value once unescaped, as Prometheus does', () => {
    expect(accepted(`m{a="${'\\"'.repeat(10)}"} 1\n`, { labelValueLengthLimit: 10 }).count).toBe(1);
    expect(refused(`m{a="${'\\"'.repeat(11)}"} 1\n`, { labelValueLengthLimit: 10 }).message).toContain('has 11 bytes');
    // Other backslashes are kept as written: two bytes.
    expect(refused(`m{a="${'\\t'.repeat(6)}"} 1\n`, { labelValueLengthLimit: 10 }).message).toContain('has 12 bytes');
  });

  it('refuses a 1 MB label value', () => {
    expect(refused(`m{a="${'v'.repeat(1_048_576)}"} 1\n`, { labelValueLengthLimit: 4096 }).message).toContain(
      'labelValueLengthLimit: the value of label "a" has 1,048,576 bytes, more than the limit of 4,096',
    );
  });

  it("applies to the metric name, __name__'s value", () => {
    const name = 'm'.repeat(20);
    expect(refused(`${name} 1\n`, { labelValueLengthLimit: 10 }).message).toContain(
      'labelValueLengthLimit: a metric name (the value of __name__) of 20 bytes, more than the limit of 10',
    );
    expect(refused(`${name}{a="1"} 1\n`, { labelValueLengthLimit: 10 }).kind).toBe('limit_exceeded');
  });
});

describe('limits and the previous scan', () => {
  it('a line repeating the previous scan is not checked again, and a new line is', () => {
    const limits = { labelLimit: 3, labelNameLengthLimit: 8, labelValueLengthLimit: 8 };
    const before = accepted('m{a="1",b="2"} 1\n', limits);
    expect(accepted('m{a="1",b="2"} 2\n', limits, before).repeated).toBe(1);
    expect(refused('m{a="1",b="2"} 2\nm{a="1",b="2",c="3"} 1\n', limits, before)).toMatchObject({ kind: 'limit_exceeded', line: 2 });
  });

  it('a malformed body is still bad_response, not a limit', () => {
    expect(refused('m{a="1" 1\n', { labelLimit: 1 }).kind).toBe('bad_response');
  });
});
