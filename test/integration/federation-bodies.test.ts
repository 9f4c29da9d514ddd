import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prometheusSource } from '../../server/config/schema/prometheus';
import { createBodyPool } from '../../server/sources/body-pool';
import { createLimiter } from '../../server/sources/federate/limiter';
import { createFederateScraper, type FederateOutcome } from '../../server/sources/federate/scrape';
import type { FederatedSeries } from '../../server/sources/federate/series';
import { startHttp } from './federation-helpers';

/**
 * The scraper's body buffers, over real HTTP: scrapes take turns in pooled
 * buffers, every scrape reads back exactly what its server sent, a held scrape
 * keeps its buffer, and a scrape read after its buffer went back says so.
 */
let answer = { round: 0, pods: 200, garbage: false };
let close: () => Promise<void> = async () => {};
let scrape: () => Promise<FederateOutcome> = async () => {
  throw new Error('not started');
};

function body(round: number, pods: number): string {
  const lines = ['# TYPE kube_pod_container_status_restarts_total counter'];
  for (let p = 0; p < pods; p++) lines.push(`kube_pod_container_status_restarts_total{namespace="shop",pod="web-${p}",container="app"} ${round * 1000 + p}`);
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  const server = await startHttp((_req, res) => {
    res.setHeader('content-encoding', 'gzip');
    res.end(zlib.gzipSync(answer.garbage ? 'restarts{pod="x"} one\n' : body(answer.round, answer.pods)));
  });
  close = server.close;
  scrape = createFederateScraper({
    cluster: 'c1',
    config: prometheusSource.parse({ url: `${server.url}/federate` }),
    clusterLabel: 'cluster',
    limiter: createLimiter(1),
    bodies: createBodyPool(),
  });
});
afterAll(() => close());

const nextImmediate = () => new Promise((resolve) => setImmediate(resolve));

async function round(n: number, pods = 200): Promise<FederatedSeries> {
  answer = { round: n, pods, garbage: false };
  const outcome: FederateOutcome = await scrape();
  if (!outcome.ok) throw new Error(outcome.error.message);
  await nextImmediate();
  return outcome.data.series;
}

/** What the server sent in round n, as values by pod. */
function sent(n: number, pods = 200): number[] {
  return Array.from({ length: pods }, (_, p) => n * 1000 + p);
}

function values(series: FederatedSeries): number[] {
  return (series.get('kube_pod_container_status_restarts_total') ?? []).map((s) => s.value);
}

const bufferOf = (series: FederatedSeries) => series.body.buffer;

describe('pooled scrape bodies', () => {
  it('take turns in two buffers, each scrape reading back its own body', async () => {
    const first = await round(1); // size unknown: a buffer of its own
    const second = await round(2);
    const third = await round(3);
    expect(values(third)).toEqual(sent(3));
    const fourth = await round(4); // the second's buffer, given back when the third took over
    expect(bufferOf(fourth)).toBe(bufferOf(second));
    expect(bufferOf(fourth)).not.toBe(bufferOf(first));
    expect(values(fourth)).toEqual(sent(4));
    // The second scrape's body is gone: reading it is refused, not answered with the fourth's numbers.
    expect(() => values(second)).toThrow(/read after its body buffer went back to the pool/);
    // Values decoded while the scrape was current stay readable.
    expect(values(third)).toEqual(sent(3));
  });

  it('a held scrape keeps its buffer until let go', async () => {
    const held = await round(5);
    const release = held.hold();
    await round(6);
    const seventh = await round(7);
    expect(bufferOf(seventh)).not.toBe(bufferOf(held));
    expect(values(held)).toEqual(sent(5));
    release();
    await round(8);
    const ninth = await round(9);
    expect(bufferOf(ninth)).toBe(bufferOf(held));
    expect(values(ninth)).toEqual(sent(9));
  });

  it('a failed scrape gives its buffer back and leaves the last good one readable', async () => {
    const good = await round(10);
    answer = { round: 11, pods: 200, garbage: true };
    const failed = await scrape();
    expect(failed.ok ? 'ok' : failed.error.kind).toBe('bad_response');
    await nextImmediate();
    expect(values(good)).toEqual(sent(10));
    expect(values(await round(12))).toEqual(sent(12));
  });

  it('a body that outgrows its buffer is read whole, and the next one gets a bigger buffer', async () => {
    const small = await round(13);
    const grown = await round(14, 5000);
    expect(values(grown)).toEqual(sent(14, 5000));
    expect(bufferOf(grown)).not.toBe(bufferOf(small));
    const next = await round(15, 5000);
    expect(values(next)).toEqual(sent(15, 5000));
    expect(next.body.buffer.byteLength).toBeGreaterThanOrEqual(next.body.length);
  });
});
