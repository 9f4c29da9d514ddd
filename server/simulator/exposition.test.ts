import { describe, expect, it } from 'vitest';
import { formatValue, renderExposition, renderFederate, storedSeries } from './exposition';
import { parseSelectors } from './metrics/selector';
import type { ScrapeTarget } from './metrics/targets';

describe('formatValue', () => {
  it('writes floats as Prometheus (Go strconv g, shortest) does, as in the recorded federate body', () => {
    expect(formatValue(4.2352e-5)).toBe('4.2352e-05');
    expect(formatValue(18097256)).toBe('1.8097256e+07');
    expect(formatValue(0.000124334)).toBe('0.000124334');
    expect(formatValue(110)).toBe('110');
    expect(formatValue(1e6)).toBe('1e+06');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Inf');
  });
});

describe('rendering', () => {
  const target = (up: boolean): ScrapeTarget => ({
    job: 'node-exporter',
    instance: '10.0.0.1:9100',
    path: '/metrics/node-exporter',
    params: {},
    labels: { node: 'n1' },
    up,
    timeDependent: false,
    families: () => [
      {
        name: 'node_uname_info',
        help: 'Labeled system information.',
        type: 'gauge',
        samples: [{ labels: { nodename: 'n1', release: '6.1', machine: 'x86_64', empty: '' }, value: 1 }],
      },
      { name: 'node_boot_time_seconds', help: 'Boot time.', type: 'gauge', samples: [{ labels: { quoted: 'say "hi"\n' }, value: 1.7e9 }] },
    ],
  });

  it('writes HELP and TYPE for an exporter, escaping label values', () => {
    expect(renderExposition(target(true).families(), 0)).toBe(
      [
        '# HELP node_uname_info Labeled system information.',
        '# TYPE node_uname_info gauge',
        'node_uname_info{nodename="n1",release="6.1",machine="x86_64",empty=""} 1',
        '# HELP node_boot_time_seconds Boot time.',
        '# TYPE node_boot_time_seconds gauge',
        'node_boot_time_seconds{quoted="say \\"hi\\"\\n"} 1.7e+09',
        '',
      ].join('\n'),
    );
  });

  it('writes /federate as Prometheus does: untyped families by name, sorted labels, empty ones dropped, cluster last, timestamps', () => {
    const selectors = parseSelectors(['{__name__=~".+"}']);
    if (!selectors.ok) throw new Error(selectors.message);
    const text = renderFederate(storedSeries([target(true)]), {
      timestampMs: 1700000000000,
      clusterLabel: 'cluster',
      cluster: 'c1',
      selectors: selectors.selectors,
    });
    expect(text).toBe(
      [
        '# TYPE node_boot_time_seconds untyped',
        'node_boot_time_seconds{instance="10.0.0.1:9100",job="node-exporter",node="n1",quoted="say \\"hi\\"\\n",cluster="c1"} 1.7e+09 1700000000000',
        '# TYPE node_uname_info untyped',
        'node_uname_info{instance="10.0.0.1:9100",job="node-exporter",machine="x86_64",node="n1",nodename="n1",release="6.1",cluster="c1"} 1 1700000000000',
        '# TYPE up untyped',
        'up{instance="10.0.0.1:9100",job="node-exporter",node="n1",cluster="c1"} 1 1700000000000',
        '',
      ].join('\n'),
    );
    const down = renderFederate(storedSeries([target(false)]), { timestampMs: 1, clusterLabel: 'cluster', cluster: 'c1', selectors: selectors.selectors });
    expect(down).toBe('# TYPE up untyped\nup{instance="10.0.0.1:9100",job="node-exporter",node="n1",cluster="c1"} 0 1\n');
  });
});
