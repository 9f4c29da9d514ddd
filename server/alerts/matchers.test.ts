import { describe, expect, it } from 'vitest';
import { formatMatcher, matches, parseMatcher } from './matchers';

function m(text: string) {
  const r = parseMatcher(text);
  if (!r.ok) throw new Error(r.message);
  return r.matcher;
}

describe('matchers', () => {
  it('parses the four Alertmanager operators and round-trips them', () => {
    for (const text of ['severity="critical"', 'cluster!="dev"', 'cluster=~"prod-.*"', 'alertname!~"Watchdog|Info.*"']) expect(formatMatcher(m(text))).toBe(text);
    expect(m('env = prod')).toEqual({ name: 'env', value: 'prod', isRegex: false, isEqual: true });
  });

  it('anchors regexes and treats a missing label as empty', () => {
    expect(matches(m('cluster=~"prod"'), { cluster: 'prod-eu' })).toBe(false);
    expect(matches(m('cluster=~"prod.*"'), { cluster: 'prod-eu' })).toBe(true);
    expect(matches(m('team=""'), { cluster: 'x' })).toBe(true);
    expect(matches(m('team!~".+"'), {})).toBe(true);
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
