import { describe, expect, it } from 'vitest';
import { matches, parseSelector, type Selector } from './selector';

function selector(text: string): Selector {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.selector;
}

function selects(text: string, labels: Record<string, string>): boolean {
  return selector(text).every((m) => matches(m, labels[m.label] ?? ''));
}

describe('parseSelector', () => {
  it('matches regexes with RE2 semantics, fully anchored, `.` taking newlines as in Prometheus', () => {
    expect(selects('{pod=~"(?i)API-.*"}', { pod: 'api-7f9c' })).toBe(true);
    expect(selects('{pod=~"api-\\\\d+"}', { pod: 'api-12' })).toBe(true);
    expect(selects('{pod=~"api-\\\\d+"}', { pod: 'api-12x' })).toBe(false);
    expect(selects('{zone=~"[[:alpha:]]+-[[:alpha:]]+\\\\d"}', { zone: 'eu-west1' })).toBe(true);
    expect(selects('{note=~"a.b"}', { note: 'a\nb' })).toBe(true);
    expect(selects('{job="ksm", namespace!~"kube-.*"}', { job: 'ksm', namespace: 'kube-system' })).toBe(false);
  });

  it('refuses a lookahead or a backreference, naming the matcher', () => {
    expect(parseSelector('{pod=~"(?!canary).*"}')).toEqual({
      ok: false,
      message:
        'pod=~"(?!canary).*": invalid regular expression (RE2 syntax): invalid or unsupported Perl syntax: `(?!` (lookarounds and backreferences are not part of RE2 syntax, which Prometheus and Alertmanager use)',
    });
    const backreference = parseSelector('{pod=~"(a)\\\\1"}');
    expect(backreference.ok || backreference.message).toMatch(/^pod=~"\(a\)\\\\1": invalid regular expression \(RE2 syntax\): invalid escape sequence/);
  });

  it('accepts a catastrophic pattern and answers it at once', () => {
    const started = performance.now();
    expect(selects('{pod=~"(.*.*)*x"}', { pod: 'a'.repeat(10_000) })).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
