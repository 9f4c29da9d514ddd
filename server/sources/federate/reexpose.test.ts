import { describe, expect, it } from 'vitest';
import type { Sample, ScrapedSeries } from '../../fleet/series';
import { readScrape } from './read-scrape';
import { renderFederation } from './reexpose';
import { parseSelector, type Selector } from './selector';
import type { FederatedSeries } from './series';

const BODY = [
  'up{job="a",cluster="prom-1"} 1 1700000000000',
  'up{job="b"} 0 1700000000000',
  'up 1',
  'up{} 2',
  'up{ job = "c" , } 1',
  'up{job="d",cluster="prom-1",exported_cluster="older"} 1 1700000000000',
  'info{cluster="prom-1",note="a \\"quoted\\" \\\\ value\\nwith newline",zone="Zürich"} 1 1700000000000',
  'info{zone="x",cluster="prom-1"} 1',
].join('\n');

function series(existing: 'rename' | 'keep', cluster = 'eu'): FederatedSeries {
  const read = readScrape(Buffer.from(`${BODY}\n`), { labelling: { label: 'cluster', cluster, existing } });
  if (!read.ok) throw new Error(read.message);
  return read.series;
}

function selector(text: string): Selector {
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.selector;
}

function render(s: ScrapedSeries, selectors: Selector[] = [selector('{__name__=~".+"}')]): string {
  return Buffer.concat([
    ...[...renderFederation({ sources: [{ cluster: 'eu', series: s, scrapedAt: 1800000000000 }], selectors, clusterLabel: 'cluster' })].flat(),
  ]).toString('utf8');
}

/** Samples as comparable strings: name, sorted labels, value, timestamp (scrape time when absent). */
function canonical(samples: readonly Sample[]): string[] {
  return samples.map((s) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort())} ${s.value} ${s.timestampMs ?? 1800000000000}`).sort();
}

function readBack(text: string): FederatedSeries {
  const read = readScrape(Buffer.from(text), { labelling: { label: 'cluster', cluster: 'unused', existing: 'keep' } });
  if (!read.ok) throw new Error(`${read.message}\n${text}`);
  return read.series;
}

describe('renderFederation', () => {
  for (const existing of ['rename', 'keep'] as const) {
    it(`writes exactly the series a report reads (${existing}), copied or re-encoded`, () => {
      const source = series(existing);
      const back = readBack(render(source));
      for (const name of ['up', 'info']) expect(canonical(back.get(name) ?? [])).toEqual(canonical(source.get(name) ?? []));
    });
  }

  it('moves an existing cluster label aside in rename mode and keeps it in keep mode', () => {
    const renamed = render(series('rename'));
    expect(renamed).toContain('up{cluster="eu",job="a",exported_cluster="prom-1"} 1 1700000000000\n');
    expect(render(series('keep'))).toContain('up{job="a",cluster="prom-1"} 1 1700000000000\n');
  });

  it("leaves out a cluster label that only repeats the cluster's name, wherever it stands, and renames a different one", () => {
    const body = [
      'kube_pod_info{namespace="shop",pod="a",cluster="eu"} 1 1700000000000',
      'kube_pod_info{cluster="eu",namespace="shop",pod="b"} 1 1700000000000',
      'kube_pod_info{namespace="shop",cluster="eu",pod="c"} 1 1700000000000',
      'kube_pod_info{cluster="eu"} 1 1700000000000',
      'kube_pod_info{namespace="shop",pod="d",cluster="eu-2"} 1 1700000000000',
      'kube_pod_info{ namespace = "shop", pod = "e", cluster = "eu" } 1',
      'kube_pod_info{namespace="shop",pod="f",cluster="eu",exported_cluster="old"} 1 1700000000000',
    ].join('\n');
    const read = readScrape(Buffer.from(`${body}\n`), { labelling: { label: 'cluster', cluster: 'eu', existing: 'rename' } });
    if (!read.ok) throw new Error(read.message);
    const lines = render(read.series)
      .split('\n')
      .filter((l) => l.startsWith('kube_pod_info'));
    expect(lines).toEqual([
      'kube_pod_info{cluster="eu",namespace="shop",pod="a"} 1 1700000000000',
      'kube_pod_info{cluster="eu",namespace="shop",pod="b"} 1 1700000000000',
      'kube_pod_info{cluster="eu",namespace="shop",pod="c"} 1 1700000000000',
      'kube_pod_info{cluster="eu"} 1 1700000000000',
      'kube_pod_info{cluster="eu",namespace="shop",pod="d",exported_cluster="eu-2"} 1 1700000000000',
      // Lines not in Prometheus' own form are decoded and written again, labels in their order.
      'kube_pod_info{namespace="shop",pod="e",cluster="eu"} 1 1800000000000',
      'kube_pod_info{namespace="shop",pod="f",cluster="eu",exported_cluster="old"} 1 1700000000000',
    ]);
    expect(read.series.get('kube_pod_info')?.map((s) => s.labels.exported_cluster ?? null)).toEqual([null, null, null, null, 'eu-2', null, 'old']);
  });

  it('selects on the cluster label as each mode sets it', () => {
    expect(render(series('rename'), [selector('up{cluster="eu"}')]).match(/^up\{/gm)).toHaveLength(5); // "up 1" and "up{} 2" are one series: the first wins
    expect(render(series('keep'), [selector('up{cluster="prom-1"}')]).match(/^up\{/gm)).toHaveLength(2);
    expect(render(series('rename'), [selector('{exported_cluster="prom-1"}')]).match(/^\w+\{/gm)).toHaveLength(3);
  });

  it('groups by name with one TYPE line each, names sorted', () => {
    const text = render(series('rename'));
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toEqual(['# TYPE info untyped', '# TYPE up untyped']);
  });
});
