import { describe, expect, it } from 'vitest';
import { federationSources } from '../http/federate';
import { renderFederation } from '../sources/federate/reexpose';
import type { FederateData } from '../sources/federate/scrape';
import { readScrape } from '../sources/federate/read-scrape';
import { parseSelector } from '../sources/federate/selector';
import { freshSeries, prometheusDataAge } from './staleness';
import { FleetState } from './state';

const labelling = { label: 'cluster', cluster: 'eu', existing: 'rename' as const };

function data(text: string): FederateData {
  const read = readScrape(Buffer.from(text), { labelling });
  if (!read.ok) throw new Error(read.message);
  return { series: read.series, samples: read.series.sampleCount, bytes: text.length, duplicates: 0 };
}

function fleet() {
  return new FleetState([{ name: 'eu', labels: {}, hasPrometheus: true, hasKubernetes: false, staleAfterMs: 60_000 }]);
}

const T0 = 1_800_000_000_000;

describe("staleness of a cluster's federated series", () => {
  it('a series missing from a successful scrape is gone', () => {
    const state = fleet();
    state.applyFederate({ cluster: 'eu', at: T0, durationMs: 5, ok: true, data: data('up{job="a"} 1\nup{job="b"} 1\nold_metric 3\n') });
    state.applyFederate({ cluster: 'eu', at: T0 + 15_000, durationMs: 5, ok: true, data: data('up{job="a"} 1\n') });
    const p = state.snapshot().clusters[0]?.prometheus;
    expect(p?.series.get('up')?.map((s) => s.labels.job)).toEqual(['a']);
    expect(p?.series.has('old_metric')).toBe(false);
  });

  it('a failed scrape keeps the data, marked failing since then, aging until staleAfter', () => {
    const state = fleet();
    state.applyFederate({ cluster: 'eu', at: T0, durationMs: 5, ok: true, data: data('up{job="a"} 1\n') });
    state.applyFederate({
      cluster: 'eu',
      at: T0 + 15_000,
      durationMs: 5,
      ok: false,
      error: { kind: 'timeout', message: 'GET …: no complete answer within 10000 ms' },
    });
    const p = state.snapshot().clusters[0]?.prometheus;
    if (!p) throw new Error('no prometheus state');
    expect(p.error).toEqual({ kind: 'timeout', message: 'GET …: no complete answer within 10000 ms', since: T0 + 15_000 });
    expect(p.failures).toEqual({ timeout: 1 });
    expect(p.series.get('up')).toHaveLength(1);
    expect(prometheusDataAge(p, T0 + 45_000)).toBe(45_000);
    expect(freshSeries(p, T0 + 60_000)?.get('up')).toHaveLength(1);
    expect(freshSeries(p, T0 + 60_001)).toBeNull();
  });

  it('stale clusters leave the re-exposed /federate', () => {
    const state = fleet();
    state.applyFederate({ cluster: 'eu', at: T0, durationMs: 5, ok: true, data: data('up{job="a"} 1\nm 2 1799999999000\n') });
    const selector = parseSelector('{__name__=~".+"}');
    if (!selector.ok) throw new Error(selector.message);
    const render = (now: number) =>
      Buffer.concat([
        ...[...renderFederation({ sources: federationSources(state.snapshot(), now), selectors: [selector.selector], clusterLabel: 'cluster' })].flat(),
      ]).toString();
    expect(render(T0 + 1000)).toBe(`# TYPE m untyped\nm{cluster="eu"} 2 1799999999000\n# TYPE up untyped\nup{cluster="eu",job="a"} 1 ${T0}\n`);
    expect(render(T0 + 61_000)).toBe('');
  });
});
