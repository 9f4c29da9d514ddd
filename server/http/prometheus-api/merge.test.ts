import { describe, expect, it } from 'vitest';
import type { ClusterLabelling } from '../../sources/federate/labelling';
import { mergeLabelNames, mergeLabelValues, mergeMetadata, mergeQueryData, mergeSeries, upstreamLabel } from './merge';

const east: ClusterLabelling = { label: 'cluster', cluster: 'east', existing: 'rename' };
const west: ClusterLabelling = { label: 'cluster', cluster: 'west', existing: 'rename' };
const keep: ClusterLabelling = { label: 'cluster', cluster: 'kept', existing: 'keep' };

describe('mergeQueryData', () => {
  it("unions the clusters' vectors, each sample labelled with its cluster, an existing cluster label moved aside", () => {
    const merged = mergeQueryData(
      [
        { labelling: east, data: { resultType: 'vector', result: [{ metric: { __name__: 'up', cluster: 'prom-east' }, value: [10, '1'] }] } },
        { labelling: west, data: { resultType: 'vector', result: [{ metric: { __name__: 'up' }, value: [10, 'NaN'] }] } },
      ],
      'vector',
    );
    expect(merged).toEqual({
      ok: true,
      data: {
        resultType: 'vector',
        result: [
          { metric: { __name__: 'up', cluster: 'east', exported_cluster: 'prom-east' }, value: [10, '1'] },
          { metric: { __name__: 'up', cluster: 'west' }, value: [10, 'NaN'] },
        ],
      },
    });
  });

  it('keeps one of the same series from two clusters (existingClusterLabel: keep) and merges matrices point by point, sorted by labels', () => {
    const a = { ...keep, cluster: 'a' };
    const b = { ...keep, cluster: 'b' };
    const merged = mergeQueryData(
      [
        {
          labelling: a,
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { cluster: 'x', job: 'j' },
                values: [
                  [1, '1'],
                  [3, '3'],
                ],
              },
            ],
          },
        },
        {
          labelling: b,
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { cluster: 'x', job: 'j' },
                values: [
                  [2, '2'],
                  [3, '9'],
                ],
              },
              { metric: { job: 'a' }, values: [[1, '5']] },
            ],
          },
        },
      ],
      'matrix',
    );
    expect(merged).toEqual({
      ok: true,
      data: {
        resultType: 'matrix',
        result: [
          { metric: { cluster: 'b', job: 'a' }, values: [[1, '5']] },
          {
            metric: { cluster: 'x', job: 'j' },
            values: [
              [1, '1'],
              [2, '2'],
              [3, '3'],
            ],
          },
        ],
      },
    });
  });

  it('answers a scalar or string every cluster computed alike as itself, and refuses differing ones naming each cluster', () => {
    expect(
      mergeQueryData(
        [
          { labelling: east, data: { resultType: 'scalar', result: [5, '2'] } },
          { labelling: west, data: { resultType: 'scalar', result: [5, '2'] } },
        ],
        'vector',
      ),
    ).toEqual({ ok: true, data: { resultType: 'scalar', result: [5, '2'] } });
    expect(mergeQueryData([{ labelling: east, data: { resultType: 'string', result: [5, 'x'] } }], 'vector')).toEqual({
      ok: true,
      data: { resultType: 'string', result: [5, 'x'] },
    });
    const differing = mergeQueryData(
      [
        { labelling: east, data: { resultType: 'scalar', result: [5, '12'] } },
        { labelling: west, data: { resultType: 'scalar', result: [5, '7'] } },
      ],
      'vector',
    );
    expect(differing).toMatchObject({ ok: false, error: { errorType: 'execution' } });
    expect(differing.ok ? '' : differing.error.error).toContain("the clusters' scalar results differ (east: 12, west: 7)");
  });

  it("answers an empty result of the endpoint's type when no cluster is configured", () => {
    expect(mergeQueryData([], 'matrix')).toEqual({ ok: true, data: { resultType: 'matrix', result: [] } });
    expect(mergeQueryData([], 'vector')).toEqual({ ok: true, data: { resultType: 'vector', result: [] } });
  });
});

describe('series, labels, label values and metadata', () => {
  it('unions series with their cluster, without duplicates, in label order', () => {
    expect(
      mergeSeries([
        { labelling: west, data: [{ __name__: 'up', job: 'b' }] },
        {
          labelling: east,
          data: [
            { __name__: 'up', job: 'b' },
            { __name__: 'up', job: 'a' },
          ],
        },
      ]),
    ).toEqual([
      { __name__: 'up', cluster: 'east', job: 'a' },
      { __name__: 'up', cluster: 'east', job: 'b' },
      { __name__: 'up', cluster: 'west', job: 'b' },
    ]);
  });

  it('lists label names with the cluster label, a cluster label of the cluster itself as exported_cluster', () => {
    expect(
      mergeLabelNames([
        { labelling: east, data: ['__name__', 'cluster', 'job'] },
        { labelling: west, data: ['__name__', 'node'] },
      ]),
    ).toEqual(['__name__', 'cluster', 'exported_cluster', 'job', 'node']);
    expect(mergeLabelNames([{ labelling: east, data: [] }])).toEqual([]);
  });

  it("gives the cluster names as the cluster label's values, and asks the clusters for exported_cluster's", () => {
    expect(upstreamLabel('cluster', east)).toBeNull();
    expect(upstreamLabel('exported_cluster', east)).toBe('cluster');
    expect(upstreamLabel('job', east)).toBe('job');
    expect(upstreamLabel('cluster', keep)).toBe('cluster');
    expect(
      mergeLabelValues(
        [
          { labelling: west, data: { values: [], hasSeries: true } },
          { labelling: east, data: { values: [], hasSeries: true } },
          { labelling: { ...east, cluster: 'empty' }, data: { values: [], hasSeries: false } },
        ],
        'cluster',
      ),
    ).toEqual(['east', 'west']);
    expect(
      mergeLabelValues(
        [
          { labelling: east, data: { values: ['a', 'b'], hasSeries: true } },
          { labelling: west, data: { values: ['b', 'c'], hasSeries: true } },
        ],
        'job',
      ),
    ).toEqual(['a', 'b', 'c']);
    // exported_cluster holds a cluster's own `cluster` only where it differs from the cluster's name.
    expect(
      mergeLabelValues(
        [
          { labelling: east, data: { values: ['east', 'prom-east'], hasSeries: true } },
          { labelling: west, data: { values: ['west'], hasSeries: true } },
        ],
        'exported_cluster',
      ),
    ).toEqual(['prom-east']);
  });

  it('merges metadata per metric without repeating an entry, up to limit metrics', () => {
    const up = { type: 'gauge', help: 'Up.', unit: '' };
    const merged = mergeMetadata(
      [
        { labelling: east, data: { up: [up], a: [{ type: 'counter', help: 'A.', unit: '' }] } },
        { labelling: west, data: { up: [up, { type: 'gauge', help: 'Other.', unit: '' }], b: [] } },
      ],
      null,
    );
    expect(merged).toEqual({ up: [up, { type: 'gauge', help: 'Other.', unit: '' }], a: [{ type: 'counter', help: 'A.', unit: '' }], b: [] });
    expect(Object.keys(mergeMetadata([{ labelling: east, data: { up: [up], a: [up], b: [up] } }], 2))).toEqual(['up', 'a']);
  });
});
