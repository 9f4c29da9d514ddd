import { describe, expect, it } from 'vitest';
import type { Sample } from '../fleet/series';
import { createSeriesFilter } from './relabel';

const s = (name: string, labels: Record<string, string>): Sample => ({ name, labels, value: 1, timestampMs: null });
const rule = (r: { action?: 'keep' | 'drop'; sourceLabels: string[]; regex?: string; separator?: string }) => ({
  action: r.action ?? 'keep',
  sourceLabels: r.sourceLabels,
  regex: r.regex ?? '(.*)',
  separator: r.separator ?? ';',
});

describe('write relabelling (keep/drop)', () => {
  const series = [s('up', { cluster: 'prod', job: 'ksm' }), s('kube_pod_info', { cluster: 'prod', job: 'ksm' }), s('up', { cluster: 'dev', job: 'node' })];
  const names = (filter: ReturnType<typeof createSeriesFilter>) => series.filter(filter).map((x) => `${x.name}@${x.labels.cluster}`);

  it('keeps everything without rules', () => {
    expect(names(createSeriesFilter([]))).toEqual(['up@prod', 'kube_pod_info@prod', 'up@dev']);
  });

  it('keeps what matches fully anchored, __name__ being the metric name', () => {
    expect(names(createSeriesFilter([rule({ sourceLabels: ['__name__'], regex: 'kube_.*' })]))).toEqual(['kube_pod_info@prod']);
    expect(names(createSeriesFilter([rule({ sourceLabels: ['__name__'], regex: 'kube' })]))).toEqual([]);
  });

  it('drops what matches; joins source labels with the separator; an absent label is empty', () => {
    expect(names(createSeriesFilter([rule({ action: 'drop', sourceLabels: ['cluster', 'job'], regex: 'dev;node' })]))).toEqual([
      'up@prod',
      'kube_pod_info@prod',
    ]);
    expect(names(createSeriesFilter([rule({ sourceLabels: ['cluster', 'missing'], separator: '/', regex: 'prod/' })]))).toEqual([
      'up@prod',
      'kube_pod_info@prod',
    ]);
  });

  it('applies rules in order, each one able to drop', () => {
    const filter = createSeriesFilter([rule({ sourceLabels: ['cluster'], regex: 'prod' }), rule({ action: 'drop', sourceLabels: ['__name__'], regex: 'up' })]);
    expect(names(filter)).toEqual(['kube_pod_info@prod']);
  });
});
