import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { encodeWriteRequest, WRITE_REQUEST } from './wire';

describe('remote-write wire format', () => {
  it('is a snappy-compressed WriteRequest, one TimeSeries per series with labels sorted by name', () => {
    const labels = { pod: 'p', cluster: 'prod', Zone: 'z' };
    const body = encodeWriteRequest([
      { sample: { name: 'up', labels, value: 1, timestampMs: 1000 }, timestampMs: 1000 },
      { sample: { name: 'kube_x', labels: {}, value: 0.5, timestampMs: null }, timestampMs: 3000 },
      { sample: { name: 'up', labels, value: 0, timestampMs: 2000 }, timestampMs: 2000 },
    ]);
    const decoded = WRITE_REQUEST.toObject(WRITE_REQUEST.decode(snappy.uncompress(body)), { longs: Number });
    expect(decoded).toEqual({
      timeseries: [
        {
          labels: [
            { name: 'Zone', value: 'z' },
            { name: '__name__', value: 'up' },
            { name: 'cluster', value: 'prod' },
            { name: 'pod', value: 'p' },
          ],
          samples: [
            { value: 1, timestamp: 1000 },
            { value: 0, timestamp: 2000 },
          ],
        },
        { labels: [{ name: '__name__', value: 'kube_x' }], samples: [{ value: 0.5, timestamp: 3000 }] },
      ],
    });
  });
});
