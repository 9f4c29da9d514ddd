import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import os from 'node:os';
import path from 'node:path';
import snappy from 'snappyjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { WRITE_REQUEST } from '../../server/remote-write/wire';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { createSimTls } from '../../server/simulator/tls';
import { startTestServer, waitFor } from '../helpers/server';
import { issueCert } from '../helpers/web-config';

interface Received {
  headers: IncomingHttpHeaders;
  clientCN: string | undefined;
  series: Array<{ labels: Record<string, string>; samples: number }>;
}

function decode(body: Buffer): Received['series'] {
  const request = WRITE_REQUEST.toObject(WRITE_REQUEST.decode(snappy.uncompress(body)), { longs: Number }) as {
    timeseries?: Array<{ labels?: Array<{ name: string; value: string }>; samples?: unknown[] }>;
  };
  return (request.timeseries ?? []).map((t) => ({
    labels: Object.fromEntries((t.labels ?? []).map((l) => [l.name, l.value])),
    samples: t.samples?.length ?? 0,
  }));
}

/**
 * A receiver as a hardened Mimir or Thanos Receive runs: HTTPS with its own
 * CA, a certificate for its service name (not the address dialled), client
 * certificates required, the tenant in a header. fleetscope holds a partial
 * batch an hour (batchSendDeadline), so the only way the samples arrive is
 * the flush at shutdown.
 */
describe('remote write over mutual TLS, with a tenant header, flushed at shutdown', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-rw-tls-'));
  const received: Received[] = [];
  let receiver: https.Server;
  let port = 0;
  let sim: SimFleet;
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let scrapedSamples = 0;

  beforeAll(async () => {
    const ca = createSimTls(['ca-only.invalid']);
    const server = issueCert(ca, { cn: 'receiver', usage: 'server', sans: ['DNS:receive.monitoring.svc'] });
    const client = issueCert(ca, { cn: 'fleetscope', usage: 'client' });
    writeFileSync(path.join(dir, 'ca.crt'), ca.caPem);
    writeFileSync(path.join(dir, 'client.crt'), client.certPem);
    writeFileSync(path.join(dir, 'client.key'), client.keyPem);
    receiver = https.createServer({ ca: ca.caPem, cert: server.certPem, key: server.keyPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        received.push({
          headers: req.headers,
          clientCN: typeof peer.subject?.CN === 'string' ? peer.subject.CN : undefined,
          series: decode(Buffer.concat(chunks)),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    if (!address || typeof address === 'string') throw new Error('receiver has no TCP address');
    port = address.port;

    sim = await startSimFleet([{ name: 'vault', labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 2 }], {
      interval: '1s',
      prometheusOnly: true,
      scrapeIntervalMs: 1000,
    });
    const config = validateConfig({
      ...sim.configDocument(),
      remoteWrite: [
        {
          name: 'mimir',
          url: `https://127.0.0.1:${port}/api/v1/push`,
          headers: { 'X-Scope-OrgID': 'fleet-eu' },
          tls: {
            caFile: path.join(dir, 'ca.crt'),
            certFile: path.join(dir, 'client.crt'),
            keyFile: path.join(dir, 'client.key'),
            serverName: 'receive.monitoring.svc',
          },
          queue: { capacity: 1_000_000, maxSamplesPerSend: 1_000_000, batchSendDeadline: '1h' },
        },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
    await waitFor('a scrape of vault', () => app.fleet.cluster('vault')?.prometheus?.lastSuccess);
    const series = app.fleet.cluster('vault')!.prometheus!.series;
    for (const name of series.names()) scrapedSamples += series.get(name)?.length ?? 0;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await sim?.close();
    if (receiver) {
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends nothing while the batch waits, then everything queued when fleetscope stops', async () => {
    expect(received).toEqual([]);
    await app.close();
    expect(received.length).toBeGreaterThan(0);
    const clusters = new Set(received.flatMap((r) => r.series.map((s) => s.labels.cluster)));
    const samples = received.reduce((n, r) => n + r.series.reduce((m, s) => m + s.samples, 0), 0);
    expect({ clusters: [...clusters], atLeastOneScrape: samples >= scrapedSamples }).toEqual({ clusters: ['vault'], atLeastOneScrape: true });
    expect(app.logs.some((line) => line.includes('remote write flushed at shutdown'))).toBe(true);
  });

  it('verified the receiver by its service name, showed its client certificate and sent the tenant header', () => {
    const first = received[0]!;
    expect({ cn: first.clientCN, tenant: first.headers['x-scope-orgid'], encoding: first.headers['content-encoding'] }).toEqual({
      cn: 'fleetscope',
      tenant: 'fleet-eu',
      encoding: 'snappy',
    });
  });
});
