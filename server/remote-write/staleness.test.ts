import snappy from 'snappyjs';
import { describe, expect, it } from 'vitest';
import type { ScrapedSeries } from '../fleet/series';
import { readScrape } from '../sources/federate/read-scrape';
import type { FederatedSeries } from '../sources/federate/series';
import { isStaleNaN, STALE_NAN, staleMarkers, vanishedSeries } from './staleness';
import { encodeWriteRequest, WRITE_REQUEST } from './wire';

const labelling = { label: 'cluster', cluster: 'eu', existing: 'rename' as const };

function scrape(body: string, previous: FederatedSeries | null = null): FederatedSeries {
  const read = readScrape(Buffer.from(body), { labelling, previous });
  if (!read.ok) throw new Error(JSON.stringify(read));
  return read.series;
}

const vanished = (a: ScrapedSeries, b: ScrapedSeries) => vanishedSeries(a, b).map((s) => `${s.name}${JSON.stringify(s.labels)}`);

describe('staleness markers', () => {
  it('is the NaN of Prometheus, bit for bit, and survives the wire', () => {
    expect(isStaleNaN(STALE_NAN)).toBe(true);
    expect(isStaleNaN(Number.NaN)).toBe(false);
    const body = encodeWriteRequest(
      staleMarkers([{ name: 'up', labels: { cluster: 'eu' }, value: 1, timestampMs: 1000 }], 2000).map((sample) => ({ sample, timestampMs: 2000 })),
    );
    const decoded = WRITE_REQUEST.toObject(WRITE_REQUEST.decode(snappy.uncompress(body)), { longs: Number }) as {
      timeseries: Array<{ samples: Array<{ value: number }> }>;
    };
    expect(isStaleNaN(decoded.timeseries[0]!.samples[0]!.value)).toBe(true);
  });

  it('lists the series the next scrape no longer has: a pod gone, a whole metric gone, not a value that changed', () => {
    const first = scrape(
      ['kube_pod_info{pod="a"} 1 1000', 'kube_pod_info{pod="b"} 1 1000', 'restarts{pod="a"} 3 1000', 'gone_metric{x="1"} 1 1000', ''].join('\n'),
    );
    const second = scrape(['kube_pod_info{pod="a"} 1 2000', 'restarts{pod="a"} 4 2000', ''].join('\n'), first);
    expect(vanished(first, second)).toEqual(['kube_pod_info{"pod":"b","cluster":"eu"}', 'gone_metric{"x":"1","cluster":"eu"}']);
    const third = scrape(['kube_pod_info{pod="a"} 1 3000', 'restarts{pod="a"} 4 3000', ''].join('\n'), second);
    expect(vanished(second, third)).toEqual([]);
  });

  it('puts a marker after the series last sample when the cluster clock is ahead', () => {
    expect(staleMarkers([{ name: 'up', labels: {}, value: 1, timestampMs: 5000 }], 4000)[0]!.timestampMs).toBe(5001);
    expect(staleMarkers([{ name: 'up', labels: {}, value: 1, timestampMs: 3000 }], 4000)[0]!.timestampMs).toBe(4000);
  });
});
