import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRegex } from './regex';
import { shapeOf } from './regex-shapes';

function test(pattern: string, value: string, dotAll = false): boolean {
  const compiled = compileRegex(pattern, { dotAll });
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.regex.test(value);
}

function problem(pattern: string): string {
  const compiled = compileRegex(pattern, { dotAll: false });
  return compiled.ok ? '' : compiled.reason;
}

describe('compileRegex', () => {
  it('anchors at both ends, even when the pattern has a top-level alternation', () => {
    expect(test('prod', 'prod-eu')).toBe(false);
    expect(test('prod.*', 'prod-eu')).toBe(true);
    expect(test('a|ab', 'ab')).toBe(true);
    expect(test('eu|us', 'xeu')).toBe(false);
  });

  it('reads RE2 syntax: flags, Perl and POSIX classes, Unicode classes', () => {
    expect(test('(?i)API-\\d+', 'api-42')).toBe(true);
    expect(test('\\d+', '4x')).toBe(false);
    expect(test('[[:alpha:]]+-[[:digit:]]', 'node-7')).toBe(true);
    expect(test('\\p{Greek}+', 'αβγ')).toBe(true);
    expect(test('(?P<zone>[a-z]+)-\\w+', 'eu-west1')).toBe(true);
  });

  it('matches a newline with `.` only when asked (selectors yes, Alertmanager matchers no), or with (?s)', () => {
    expect(test('a.*', 'a\nb', false)).toBe(false);
    expect(test('a.*', 'a\nb', true)).toBe(true);
    expect(test('(?s)a.*', 'a\nb', false)).toBe(true);
  });

  it('refuses lookarounds and backreferences, saying RE2 has none', () => {
    for (const pattern of ['(?=a)b', '(?!x).*', 'a(?<=b)', 'a(?<!b)', '(a)\\1'])
      expect(problem(pattern)).toMatch(/lookarounds and backreferences are not part of RE2 syntax/);
    expect(problem('(')).toBe('missing closing ): `(`');
    expect(problem('a)|(b')).toBe('unexpected ): `a)|(b`');
  });

  it('runs a catastrophic pattern in linear time', () => {
    const value = `${'a'.repeat(20_000)}y`;
    const started = performance.now();
    expect(test('(.*.*)*x', value)).toBe(false);
    expect(test('(a|aa)+$', value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('shapeOf', () => {
  const patterns = [
    '',
    'prod',
    'prod|staging',
    'prod||staging',
    'a\\.b|c\\-d',
    '.*',
    '.+',
    'api-.*',
    'api-.+',
    '.*-canary',
    '.+-canary',
    '.*api.*',
    '.+api.+',
    '.*.*',
    '.+.+',
    '(?i)prod|STAGING',
    '(?i)k',
    '(?i)s',
    'é|ü',
  ];
  const values = ['', 'a', 'prod', 'PROD', 'Staging', 'staging', 'prod-eu', 'api-', 'api-1', 'xapi-1', 'api', 'a.b', 'a-b', 'c-d', 'web-canary', '-canary'];
  const more = [...values, 'x\napi-1', 'api-\n', '\u212a', 'K', 'ſ', 'S', 'é', 'ü', 'E\u0301', 'a\u{1F600}api\u{1F600}'];

  it('answers as the engine does for every value it answers (the rest goes to the engine)', () => {
    for (const dotAll of [false, true])
      for (const pattern of patterns) {
        const shape = shapeOf(pattern, dotAll);
        expect(shape, pattern).not.toBeNull();
        const engine = RE2JS.compile(pattern, dotAll ? RE2JS.DOTALL : 0);
        for (const value of more) {
          const answer = shape?.(value) ?? null;
          if (answer !== null) expect(answer, `${pattern} on ${JSON.stringify(value)} (dotAll ${dotAll})`).toBe(engine.matches(value));
          expect(test(pattern, value, dotAll), `${pattern} on ${JSON.stringify(value)}`).toBe(engine.matches(value));
        }
      }
  });

  it('leaves every other pattern to the engine', () => {
    for (const pattern of ['a.*b', '.*?', 'a+', '[ab]', '\\d', '(?i)api-.*', '(prod)', 'a|b.*', '^a$', '(?s).*'])
      expect(shapeOf(pattern, false), pattern).toBeNull();
  });
});
