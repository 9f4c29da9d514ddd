import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterDetail } from '../../shared/cluster-detail';
import type { CostHistory } from '../../shared/reports/cost-history';
import { openTestStore } from '../helpers/store';
import { startTestServer, waitFor } from '../helpers/server';

const DAY_MS = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('GET /api/clusters/:name and GET /api/reports/cost/history on the demo fleet', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  let dir: string;
  const now = Date.now();
  beforeAll(async () => {
    // A store left by an earlier run: yesterday's cost, and a day older than the 90 kept.
    dir = mkdtempSync(path.join(tmpdir(), 'fleetscope-history-'));
    const file = path.join(dir, 'fleetscope.db');
    const earlier = openTestStore(file);
    await earlier.recordDailyCosts([
      { cluster: 'prod-us', day: day(now - DAY_MS), daily: 120, currency: 'USD' },
      { cluster: 'prod-eu', day: day(now - DAY_MS), daily: 80, currency: 'USD' },
      { cluster: 'prod-us', day: day(now - 10 * DAY_MS), daily: 100, currency: 'USD' },
      { cluster: 'prod-us', day: day(now - 100 * DAY_MS), daily: 90, currency: 'USD' },
    ]);
    await earlier.close();
    app = await startTestServer({ storePath: file });
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the degraded cluster with its NotReady nodes and crash-looping pods', async () => {
    const response = await fetch(`${app.url}/api/clusters/prod-us`);
    expect(response.status).toBe(200);
    const detail = (await response.json()) as ClusterDetail;
    expect(detail.health).toMatchObject({ cluster: 'prod-us', status: 'degraded' });
    expect(detail.nodes.source).toBe('kubernetes-api');
    expect(detail.nodes.items).toHaveLength(10);
    expect(detail.nodes.items.filter((n) => !n.ready)).toHaveLength(2);
    // NotReady first.
    expect(detail.nodes.items[0]!.ready).toBe(false);
    expect(detail.nodes.items[0]!.kubeletVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(detail.failingPods.source).toBe('kube-state-metrics');
    const crashing = detail.failingPods.items.filter((p) => p.reason === 'CrashLoopBackOff');
    expect(crashing).toHaveLength(3);
    for (const pod of crashing) {
      expect(pod.namespace).not.toBe('');
      expect(pod.container).not.toBeNull();
      expect(pod.restarts).toBeGreaterThan(0);
    }
  });

  it('a healthy cluster has no failing pods, and an unknown cluster is a 404 with a sentence', async () => {
    const eu = (await (await fetch(`${app.url}/api/clusters/prod-eu`)).json()) as ClusterDetail;
    expect(eu.failingPods).toMatchObject({ source: 'kube-state-metrics', total: 0, items: [] });
    expect(eu.nodes.items.every((n) => n.ready)).toBe(true);
    const missing = await fetch(`${app.url}/api/clusters/no-such-cluster`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'no cluster "no-such-cluster" in this fleet' });
  });

  it('serves the stored daily cost: earlier days kept, today recorded by the running server, old days pruned', async () => {
    const history = await waitFor(
      "today's cost recorded",
      async () => {
        const body = (await (await fetch(`${app.url}/api/reports/cost/history?days=30`)).json()) as CostHistory;
        return body.fleet.some((p) => p.day === day(Date.now())) && body;
      },
      40_000,
    );
    expect(history).toMatchObject({ days: 30, from: day(Date.now() - 29 * DAY_MS), to: day(Date.now()) });
    expect(history.fleet.find((p) => p.day === day(now - DAY_MS))).toEqual({ day: day(now - DAY_MS), currency: 'USD', daily: 200, clusters: 2 });
    expect(history.fleet.find((p) => p.day === day(now - 10 * DAY_MS))).toEqual({ day: day(now - 10 * DAY_MS), currency: 'USD', daily: 100, clusters: 1 });
    expect(history.fleet.some((p) => p.day === day(now - 100 * DAY_MS))).toBe(false);
    const today = history.clusters.filter((c) => c.day === day(Date.now()));
    expect(today.map((c) => c.cluster)).toContain('prod-us');
    expect(today.every((c) => c.daily > 0)).toBe(true);
    // Oldest first.
    expect(history.fleet.map((p) => p.day)).toEqual([...history.fleet.map((p) => p.day)].sort());

    const short = (await (await fetch(`${app.url}/api/reports/cost/history?days=2`)).json()) as CostHistory;
    expect(short.fleet.map((p) => p.day)).not.toContain(day(now - 10 * DAY_MS));
    // Reading a short window deletes nothing.
    const again = (await (await fetch(`${app.url}/api/reports/cost/history`)).json()) as CostHistory;
    expect(again.days).toBe(30);
    expect(again.fleet.map((p) => p.day)).toContain(day(now - 10 * DAY_MS));
  }, 60_000);

  it('rejects a bad days with the reason', async () => {
    for (const bad of ['0', '91', 'abc', '1.5']) {
      const response = await fetch(`${app.url}/api/reports/cost/history?days=${bad}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: `days: must be a whole number from 1 to 90 (got "${bad}")` });
    }
  });
});
