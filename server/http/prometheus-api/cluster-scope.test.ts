import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterLabelling } from '../../sources/federate/labelling';
import { scopeQuery, scopeRequest } from './cluster-scope';

const renamed: ClusterLabelling = { label: 'cluster', cluster: 'prod-eu', existing: 'rename' };
const kept: ClusterLabelling = { ...renamed, existing: 'keep' };

describe('scopeQuery, rename (the default): cluster matchers decided against the cluster name', () => {
  it.each([
    ['up{cluster="prod-eu"}', 'up{}'],
    ['up{cluster="prod-eu", job="api"}', 'up{job="api"}'],
    ['up{job="api",cluster=~"prod-.*"}', 'up{job="api"}'],
    ['up{cluster=~"(?i)PROD-EU"}', 'up{}'],
    ['up{cluster!="prod-us"}', 'up{}'],
    ['{cluster="prod-eu"}', '{__name__=~".+"}'],
    ['{cluster="prod-eu", job=~".*"}', '{job=~".*", __name__=~".+"}'],
    ['{"up", cluster="prod-eu"}', '{"up"}'],
    ['up{exported_cluster="own"}', 'up{cluster="own"}'],
    // A cluster's own `cluster` equal to its name is not shown as exported_cluster: asked, it counts as none.
    ['up{exported_cluster="prod-eu"}', 'up{cluster="prod-eu", cluster!="prod-eu"}'],
    ['up{exported_cluster=~"prod-.*"}', 'up{cluster=~"prod-.*", cluster!="prod-eu"}'],
    ['up{exported_cluster=""}', 'up{cluster=~"|prod-eu"}'],
    ['up{exported_cluster!="prod-eu"}', 'up{}'],
    ['up{exported_cluster!=""}', 'up{cluster!="", cluster!="prod-eu"}'],
    ['sum by (cluster) (rate(http_requests_total{cluster="prod-eu"}[5m:1m]))', 'sum by () (rate(http_requests_total{}[5m:1m]))'],
    ['sum by (exported_cluster, job) (x)', 'sum by (cluster, job) (x)'],
    ['a * on (cluster, job) group_left (cluster) b', 'a * on (job) group_left () b'],
    ['sum without (cluster) (x)', 'sum without (cluster) (x)'],
    ['sum(x) BY (job, "cluster")', 'sum(x) BY (job)'],
    ['up{cluster="prod-us"} or down', 'up{cluster!~".*"} or down'],
    ['up{cluster="prod-us"} or down{cluster="prod-eu"}', 'up{cluster!~".*"} or down{}'],
    ['label_replace(up{cluster="prod-eu"}, "x", "{cluster=\\"a\\"}", "job", "(.*)")', 'label_replace(up{}, "x", "{cluster=\\"a\\"}", "job", "(.*)")'],
    ['up # {cluster="prod-us"}\n', 'up # {cluster="prod-us"}\n'],
    ['up{job="a"}', 'up{job="a"}'],
  ])('%s → %s', (query, expected) => {
    expect(scopeQuery(query, renamed)).toBe(expected);
  });

  it.each([
    'up{cluster="prod-us"}',
    'absent(up{cluster="prod-us"})',
    'sum by (job) (rate(x{cluster=~"staging|qa"}[5m])) / on (job) group_left sum(y{cluster!="prod-eu"})',
    'up{cluster=""}',
    // One Prometheus holding the fleet would answer {} 0 here; asked, every other cluster would add its own {cluster="…"} 0.
    'count(up{cluster="prod-us"}) OR vector(0)',
  ])('not asked at all: %s', (query) => {
    expect(scopeQuery(query, renamed)).toBeNull();
  });

  it('sends as written what it cannot read or decide (the cluster Prometheus names the mistake)', () => {
    expect(scopeQuery('up{cluster=}', renamed)).toBe('up{cluster=}');
    expect(scopeQuery('up{cluster=~"("}', renamed)).toBe('up{cluster=~"("}');
    expect(scopeQuery('1 + 1', renamed)).toBe('1 + 1');
  });

  it('reads escapes in the value as Go does', () => {
    expect(scopeQuery('up{cluster="prod\\x2deu"}', renamed)).toBe('up{}');
    expect(scopeQuery("up{cluster='prod\\u002deu'}", renamed)).toBe('up{}');
    expect(scopeQuery('up{cluster=`prod-eu`}', renamed)).toBe('up{}');
  });

  it('uses the configured cluster label', () => {
    const region = { ...renamed, label: 'region' };
    expect(scopeQuery('up{region="prod-eu", cluster="x"}', region)).toBe('up{cluster="x"}');
  });
});

describe('scopeQuery, keep: the series’ own value, the cluster name where it has none', () => {
  it.each([
    // Also the series with no own cluster label, which the fleet shows as prod-eu.
    ['up{cluster="prod-eu"}', 'up{cluster=~"|prod-eu"}'],
    ['up{cluster=~"prod-.*"}', 'up{cluster=~"(?:prod-.*)|"}'],
    // Another value: only series that carry it.
    ['up{cluster="own"}', 'up{cluster="own"}'],
    ['up{cluster!="prod-eu"}', 'up{cluster!="prod-eu", cluster!=""}'],
    ['up{cluster=~"x|"}', 'up{cluster=~"x|", cluster!=""}'],
    ['up{cluster!=""}', 'up{}'],
    ['up{cluster!="own"}', 'up{cluster!="own"}'],
  ])('%s → %s', (query, expected) => {
    expect(scopeQuery(query, kept)).toBe(expected);
  });

  it('groupings are the series’ own values: left as written', () => {
    expect(scopeQuery('sum by (cluster) (x)', kept)).toBe('sum by (cluster) (x)');
  });

  it('quotes the name as a pattern', () => {
    expect(scopeQuery('up{cluster="a.b"}', { ...kept, cluster: 'a.b' })).toBe('up{cluster=~"|a\\\\.b"}');
  });

  it('a selector for the empty value matches nothing', () => {
    expect(scopeQuery('up{cluster=""}', kept)).toBeNull();
  });
});

describe('scopeRequest', () => {
  const range = { startMs: null, endMs: null };
  it('keeps the match[] selectors that can match here, and asks nothing when none can', () => {
    expect(scopeRequest({ kind: 'series', match: ['up{cluster="prod-us"}', 'up{cluster="prod-eu"}'], ...range }, renamed)).toEqual({
      kind: 'series',
      match: ['up{}'],
      ...range,
    });
    expect(scopeRequest({ kind: 'labels', match: ['up{cluster="prod-us"}'], ...range }, renamed)).toBeNull();
    expect(scopeRequest({ kind: 'labels', match: [], ...range }, renamed)).toEqual({ kind: 'labels', match: [], ...range });
    expect(scopeRequest({ kind: 'instant', query: 'up{cluster="prod-us"}', timeMs: 1 }, renamed)).toBeNull();
    expect(scopeRequest({ kind: 'metadata', metric: null, limit: null }, renamed)).toEqual({ kind: 'metadata', metric: null, limit: null });
  });
});

describe('scopeQuery on any text', () => {
  it('never throws, and leaves a query that names no cluster label exactly as written', () => {
    const pieces = fc.constantFrom(
      'up',
      '{',
      '}',
      '(',
      ')',
      '[5m]',
      '"a{b}"',
      "'x'",
      '`r`',
      'job',
      '=',
      '=~',
      '!=',
      ',',
      ' ',
      'by',
      'sum',
      '#c\n',
      '\\',
      '1.5e3',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 30 }), (parts) => {
        const query = parts.join('');
        const scoped = scopeQuery(query, renamed);
        if (!query.includes('cluster')) expect(scoped).toBe(query);
      }),
      { numRuns: 2000 },
    );
  });
});
