import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import snappy from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { WRITE_REQUEST } from '../../server/remote-write/wire';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { startHttp } from './federation-helpers';
import { selfMetric } from './remote-write-helpers';

interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Samples in one request body, read with the real snappy and protobuf libraries. */
function samplesIn(body: Buffer): number {
  const request = WRITE_REQUEST.toObject(WRITE_REQUEST.decode(snappy.uncompress(body)), { longs: Number }) as { timeseries?: Array<{ samples?: unknown[] }> };
  return (request.timeseries ?? []).reduce((n, series) => n + (series.samples?.length ?? 0), 0);
}

/**
 * A receiver that refuses in every way a real one does: 429 with
 * Retry-After, 500, then 400 for the same request. fleetscope waits as told,
 * retries what may succeed later, drops what never will, and says so on /metrics.
 */
describe('remote write to a hostile receiver', () => {
  let sim: SimFleet;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let receiver: Awaited<ReturnType<typeof startHttp>>;
  const received: Received[] = [];
  const answers = [
    { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
    { status: 500, headers: {}, body: 'internal error' },
    { status: 400, headers: {}, body: 'out of order sample' },
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-rw-'));
  const token = 'rw-secret-token-4711';

  beforeAll(async () => {
    writeFileSync(path.join(dir, 'token'), `${token}\n`);
    receiver = await startHttp((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ at: Date.now(), headers: req.headers, body: Buffer.concat(chunks) });
        const answer = answers[received.length - 1] ?? { status: 204, headers: {}, body: '' };
        res.writeHead(answer.status, answer.headers).end(answer.body);
      });
    });
    sim = await startSimFleet([{ name: 'edge', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 2 }], {
      interval: '1s',
      prometheusOnly: true,
      scrapeIntervalMs: 1000,
    });
    const config = validateConfig({
      ...sim.configDocument(),
      remoteWrite: [
        {
          name: 'hostile',
          url: `${receiver.url}/api/v1/write`,
          tokenFile: path.join(dir, 'token'),
          queue: { maxSamplesPerSend: 10_000, batchSendDeadline: '100ms', minBackoff: '200ms', maxBackoff: '1s' },
        },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the remote-write 1.0 headers, the token from its file, and a snappy protobuf body', async () => {
    await waitFor('a request', () => received.length > 0);
    const first = received[0]!;
    expect({
      encoding: first.headers['content-encoding'],
      type: first.headers['content-type'],
      version: first.headers['x-prometheus-remote-write-version'],
      agent: first.headers['user-agent'],
      authorization: first.headers.authorization,
    }).toEqual({
      encoding: 'snappy',
      type: 'application/x-protobuf',
      version: '0.1.0',
      agent: expect.stringMatching(/^fleetscope\/\d+\.\d+\.\d+/),
      authorization: `Bearer ${token}`,
    });
    expect(samplesIn(first.body)).toBeGreaterThan(20);
  });

  it('waits Retry-After after a 429, retries a 500 after the back-off, drops a 400 without retrying, and shows it on /metrics', async () => {
    await waitFor('a request after the 400', () => received.length >= 5, 20_000);
    const [first, second, third, fourth] = received;
    const batch = samplesIn(first!.body);
    // The same batch three times: after the 429 and after the 500.
    expect([second!.body.equals(first!.body), third!.body.equals(first!.body)]).toEqual([true, true]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(150);
    // After the 400 the batch is gone: the next request carries newer samples.
    expect(fourth!.body.equals(first!.body)).toBe(false);

    const metric = (name: string, labels: Record<string, string> = {}) => selfMetric(app, name, { remote: 'hostile', ...labels });
    await waitFor('sent samples counted', async () => (await metric('fleetscope_remote_write_samples_sent_total')) > 0);
    expect({
      failed: await metric('fleetscope_remote_write_samples_failed_total'),
      rejected: await metric('fleetscope_remote_write_samples_dropped_total', { reason: 'rejected' }),
      queueFull: await metric('fleetscope_remote_write_samples_dropped_total', { reason: 'queue_full' }),
    }).toEqual({ failed: 3 * batch, rejected: batch, queueFull: 0 });
    const logged = app.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.remote === 'hostile');
    expect(logged.find((l) => l.reason === 'rejected')).toMatchObject({
      samples: batch,
      detail: 'HTTP 400: out of order sample',
      msg: `remote write gap: ${batch} samples lost (rejected)`,
    });
    expect(logged.some((l) => String(l.msg).includes('HTTP 429: slow down'))).toBe(true);
    expect(app.logs.some((l) => l.includes(token))).toBe(false);
  }, 30_000);
});
