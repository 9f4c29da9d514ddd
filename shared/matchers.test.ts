import { describe, expect, it } from 'vitest';
import { formatMatcher, formatMatchers, matches, parseMatcher, parseMatchers } from './matchers';

function m(text: string) {
  const r = parseMatcher(text);
  if (!r.ok) throw new Error(r.message);
  return r.matcher;
}

describe('matchers', () => {
  it('parses the four Alertmanager operators and round-trips them', () => {
    for (const text of ['severity="critical"', 'cluster!="dev"', 'cluster=~"prod-.*"', 'alertname!~"Watchdog|Info.*"'])
      expect(formatMatcher(m(text))).toBe(text);
    expect(m('env = prod')).toEqual({ name: 'env', value: 'prod', isRegex: false, isEqual: true });
  });

  it('anchors regexes and treats a missing label as empty', () => {
    expect(matches(m('cluster=~"prod"'), { cluster: 'prod-eu' })).toBe(false);
    expect(matches(m('cluster=~"prod.*"'), { cluster: 'prod-eu' })).toBe(true);
    expect(matches(m('team=""'), { cluster: 'x' })).toBe(true);
    expect(matches(m('team!~".+"'), {})).toBe(true);
  });

  it('reads a comma-separated list, commas and escaped quotes inside quotes included', () => {
    const parsed = parseMatchers('cluster="prod-eu", summary=~"a, \\"b\\"", env!=dev');
    expect(parsed.ok && parsed.matchers.map((x) => x.value)).toEqual(['prod-eu', 'a, "b"', 'dev']);
    expect(parsed.ok && formatMatchers(parsed.matchers)).toBe('cluster="prod-eu", summary=~"a, \\"b\\"", env!="dev"');
    const bad = parseMatchers('cluster="prod-eu", prod-eu');
    expect(bad).toEqual({ ok: false, message: 'not a matcher: "prod-eu" (write name="value", name!="value", name=~"regex" or name!~"regex")' });
  });

  it('explains what is wrong', () => {
    const bad = parseMatcher('severity critical');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/not a matcher/);
    const badRegex = parseMatcher('a=~"("');
    expect(badRegex.ok).toBe(false);
    if (!badRegex.ok) expect(badRegex.message).toMatch(/not a valid regular expression/);
  });
});
