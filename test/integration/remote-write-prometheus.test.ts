import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../server/config/load';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import { startTestServer, waitFor } from '../helpers/server';
import { freePort, startPrometheus, type RealPrometheus } from './federation-helpers';
import { federatedNow, missingFrom, scrapeSamples, selfMetric, storedAt, type SampleKey } from './remote-write-helpers';

const RECEIVER_FLAGS = ['--web.enable-remote-write-receiver'];
const RECEIVER_CONFIG = 'global:\n  scrape_interval: 1m\n';
const CLUSTERS = ['rw-a', 'rw-b'];

/**
 * fleetscope remote-writes every federated series to a real Prometheus 2.42
 * (--web.enable-remote-write-receiver): what that Prometheus stores is what
 * fleetscope federated, per cluster, and a receiver that goes away for a
 * while loses nothing the queue could hold.
 */
describe('remote write to a real Prometheus', () => {
  let sim: SimFleet;
  let receiver: RealPrometheus;
  let app: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    sim = await startSimFleet(
      CLUSTERS.map((name) => ({ name, labels: {}, version: 'v1.31.2', nodes: 2, podsPerNode: 3 })),
      { interval: '1s', prometheusOnly: true, scrapeIntervalMs: 1000 },
    );
    receiver = await startPrometheus(RECEIVER_CONFIG, { flags: RECEIVER_FLAGS });
    const config = validateConfig({
      ...sim.configDocument(),
      remoteWrite: [
        { name: 'receiver', url: `${receiver.url}/api/v1/write`, queue: { batchSendDeadline: '200ms', maxBackoff: '500ms' } },
        // Nobody listens there: with room for 100 samples it must drop, and say so.
        { name: 'tiny', url: `http://127.0.0.1:${await freePort()}/api/v1/write`, queue: { capacity: 100, maxSamplesPerSend: 50, batchSendDeadline: '200ms' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await sim?.close();
  });

  it('stores what fleetscope federated, per cluster: the same series, values and timestamps, cluster label included', async () => {
    for (const cluster of CLUSTERS) {
      const federated = federatedNow(app, cluster);
      const count = [...federated.values()].reduce((n, keys) => n + keys.size, 0);
      expect(count).toBeGreaterThan(50);
      await waitFor(`${cluster}'s scrape in the receiver`, async () => (await missingFrom(receiver, cluster, federated)).length === 0);
      // And nothing besides: at each of the scrape's timestamps the receiver holds exactly the scrape.
      for (const [at, keys] of federated) {
        const stored = await storedAt(receiver, cluster, at);
        expect([...stored].filter((k) => !keys.has(k))).toEqual([]);
      }
      expect([...federated.values()].every((keys) => [...keys].every((k) => k.includes(`cluster="${cluster}"`)))).toBe(true);
    }
    expect(await selfMetric(app, 'fleetscope_remote_write_samples_sent_total', { remote: 'receiver' })).toBeGreaterThan(100);
    expect(await selfMetric(app, 'fleetscope_remote_write_samples_dropped_total', { remote: 'receiver', reason: 'queue_full' })).toBe(0);
  }, 60_000);

  it('loses nothing within the queue while the receiver is down, and counts what a tiny queue had to drop', async () => {
    const during = new Map<string, Map<number, Set<SampleKey>>>(CLUSTERS.map((c) => [c, new Map()]));
    const record = (cluster: string) => {
      const prometheus = app.fleet.cluster(cluster)?.prometheus;
      if (!prometheus?.lastSuccess) return;
      const seen = during.get(cluster);
      if (!seen) return;
      for (const [at, keys] of scrapeSamples(prometheus.series, prometheus.lastSuccess)) seen.set(at, keys);
    };
    const stopRecording = app.fleet.onChange(record);
    const { port, dir } = { port: Number(new URL(receiver.url).port), dir: receiver.dir };
    await receiver.stop();
    // fleetscope keeps scraping (every second, new timestamps each time) while nothing receives.
    await new Promise((r) => setTimeout(r, 8000));
    expect(await selfMetric(app, 'fleetscope_remote_write_samples_pending', { remote: 'receiver' })).toBeGreaterThan(0);
    expect(await selfMetric(app, 'fleetscope_remote_write_samples_failed_total', { remote: 'receiver' })).toBeGreaterThan(0);
    expect(await selfMetric(app, 'fleetscope_remote_write_lag_seconds', { remote: 'receiver' })).toBeGreaterThan(2);
    receiver = await startPrometheus(RECEIVER_CONFIG, { flags: RECEIVER_FLAGS, port, dir });
    await new Promise((r) => setTimeout(r, 2000));
    stopRecording();
    const timestamps = [...(during.get(CLUSTERS[0]!)?.keys() ?? [])];
    expect(timestamps.length).toBeGreaterThan(5);

    await waitFor('the queue drained', async () => (await selfMetric(app, 'fleetscope_remote_write_samples_pending', { remote: 'receiver' })) < 1000, 30_000);
    for (const cluster of CLUSTERS) {
      const wanted = during.get(cluster) ?? new Map();
      await waitFor(
        `everything ${cluster} federated during the outage in the receiver`,
        async () => (await missingFrom(receiver, cluster, wanted)).length === 0,
        30_000,
      );
    }
    expect(await selfMetric(app, 'fleetscope_remote_write_samples_dropped_total', { remote: 'receiver', reason: 'queue_full' })).toBe(0);
    expect(await selfMetric(app, 'fleetscope_remote_write_samples_dropped_total', { remote: 'receiver', reason: 'rejected' })).toBe(0);

    const tinyDropped = await selfMetric(app, 'fleetscope_remote_write_samples_dropped_total', { remote: 'tiny', reason: 'queue_full' });
    expect(tinyDropped).toBeGreaterThan(100);
    expect(await selfMetric(app, 'fleetscope_remote_write_queue_capacity_samples', { remote: 'tiny' })).toBe(100);
    const gap = app.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.remote === 'tiny' && l.reason === 'queue_full');
    expect(gap).toMatchObject({
      msg: expect.stringMatching(/^remote write gap: \d+ samples lost \(queue_full\)$/),
      from: expect.any(String),
      to: expect.any(String),
    });
  }, 90_000);

  it('marks every series of a cluster stale when its scrape fails, so the receiver stops showing it at once', async () => {
    const [down, up] = CLUSTERS as [string, string];
    const count = async (cluster: string) => {
      const answer = await fetch(`${receiver.url}/api/v1/query?query=${encodeURIComponent(`count({cluster="${cluster}"})`)}`);
      const body = (await answer.json()) as { data: { result: Array<{ value: [number, string] }> } };
      return Number(body.data.result[0]?.value[1] ?? 0);
    };
    await waitFor(`${down} in the receiver`, async () => (await count(down)) > 0);
    const started = sim.scenarios.start({ scenario: 'blackout', cluster: down });
    if (!started.ok) throw new Error(started.message);
    try {
      await waitFor(`${down}'s scrape failing`, () => app.fleet.cluster(down)?.prometheus?.error != null);
      // Without staleness markers the receiver would answer with the last samples for its 5-minute look-back.
      await waitFor(`${down} stale in the receiver`, async () => (await count(down)) === 0);
      expect(await count(up)).toBeGreaterThan(0);
    } finally {
      await sim.scenarios.stop(started.running.id);
    }
    await waitFor(`${down} back in the receiver`, async () => (await count(down)) > 0, 30_000);
  }, 60_000);
});
