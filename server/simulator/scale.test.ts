import { describe, expect, it } from 'vitest';
import { scaleSpecs, seriesCount } from './scale';

describe('scaleSpecs', () => {
  it('sizes clusters to about the asked series count, the same every time', () => {
    const specs = scaleSpecs({ clusters: 3, seriesPerCluster: 10_000 });
    expect(specs.map((s) => s.name)).toEqual(['scale-000', 'scale-001', 'scale-002']);
    const count = seriesCount(specs[0]!);
    expect(count).toBeGreaterThan(9_500);
    expect(count).toBeLessThan(10_500);
    expect(scaleSpecs({ clusters: 3, seriesPerCluster: 10_000 })).toEqual(specs);
    expect(new Set(specs.map((s) => s.version)).size).toBe(3);
  });

  it('takes nodes and pods per node as given', () => {
    const [spec] = scaleSpecs({ clusters: 1, nodes: 2, podsPerNode: 0, namePrefix: 'tiny' });
    expect(spec).toMatchObject({ name: 'tiny-000', nodes: 2, podsPerNode: 0 });
    // Fixed series of a cluster (with its everyday companions) plus those of two empty nodes.
    expect(seriesCount(spec!)).toBeLessThan(200);
    expect(seriesCount({ ...spec!, companions: {} })).toBeLessThan(100);
  });
});
