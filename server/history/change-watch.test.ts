import { describe, expect, it } from 'vitest';
import type { ClusterFacts } from '../reports/changes';
import { createChangeWatch } from './change-watch';

const look = (apiServer: string[], images: Record<string, string[]> = {}): ClusterFacts => ({
  cluster: 'dev',
  apiServer,
  images: new Map(Object.entries(images)),
});

describe('the change watch', () => {
  it('takes the first look as the baseline and keeps what changed after it, across a look that knew nothing', () => {
    const watch = createChangeWatch();
    expect(watch.observe([look(['v1.31.0'], { 'a/b/c': ['b:1'] })], 1000)).toEqual([]);
    expect(watch.observe([look([], {})], 2000)).toEqual([]);
    const seen = watch.observe([look(['v1.32.0'], { 'a/b/c': ['b:2'] })], 3000);
    expect(seen.map((c) => [c.kind, c.at, c.text])).toEqual([
      ['version', 3000, 'kube-apiserver v1.31.0 → v1.32.0'],
      ['image', 3000, 'a/b (c): new image 2 (was 1)'],
    ]);
    expect(watch.observe([look(['v1.32.0'], { 'a/b/c': ['b:2'] })], 4000)).toHaveLength(2);
  });
});
