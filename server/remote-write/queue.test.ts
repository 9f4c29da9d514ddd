import { describe, expect, it } from 'vitest';
import type { Sample } from '../fleet/series';
import { SampleQueue } from './queue';

const sample = (value: number, timestampMs: number | null = 1000 + value): Sample => ({
  name: 'up',
  labels: { cluster: 'a', i: String(value) },
  value,
  timestampMs,
});
const values = (taken: ReturnType<SampleQueue['take']>) => taken.map((q) => q.sample.value);

describe('SampleQueue', () => {
  it('gives samples back oldest first, across scrapes, at most as many as asked', () => {
    const queue = new SampleQueue(10);
    expect(queue.push([sample(1), sample(2), sample(3)], 0)).toBeNull();
    expect(queue.push([sample(4), sample(5)], 0)).toBeNull();
    expect(values(queue.take(4))).toEqual([1, 2, 3, 4]);
    expect(queue.length).toBe(1);
    expect(values(queue.take(4))).toEqual([5]);
    expect(queue.take(4)).toEqual([]);
  });

  it("stamps a sample without a timestamp with its scrape's time", () => {
    const queue = new SampleQueue(10);
    queue.push([sample(1, null), sample(2, 7)], 5000);
    expect(queue.take(2).map((q) => q.timestampMs)).toEqual([5000, 7]);
  });

  it('drops the oldest when full and says how many and from when to when', () => {
    const queue = new SampleQueue(4);
    queue.push([sample(1), sample(2), sample(3)], 0);
    expect(queue.push([sample(4), sample(5), sample(6)], 0)).toEqual({ samples: 2, fromMs: 1001, toMs: 1002 });
    expect(queue.length).toBe(4);
    expect(values(queue.take(10))).toEqual([3, 4, 5, 6]);
  });

  it('keeps only the newest part of a scrape larger than the whole queue', () => {
    const queue = new SampleQueue(2);
    queue.push([sample(9)], 0);
    expect(queue.push([sample(1), sample(2), sample(3)], 0)).toEqual({ samples: 2, fromMs: 1001, toMs: 1009 });
    expect(values(queue.take(10))).toEqual([2, 3]);
  });

  it('stays bounded over many scrapes', () => {
    const queue = new SampleQueue(100);
    let dropped = 0;
    for (let i = 0; i < 1000; i++) dropped += queue.push([sample(i), sample(i + 0.5)], 0)?.samples ?? 0;
    expect([queue.length, dropped]).toEqual([100, 1900]);
    expect(values(queue.take(2))).toEqual([950, 950.5]);
  });
});
