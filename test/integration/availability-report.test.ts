import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetAvailability } from '../../shared/reports/availability';
import { validateConfig } from '../../server/config/load';
import type { StatusTransition } from '../../server/store/types';
import { runCommand } from '../helpers/command';
import { startTestServer } from '../helpers/server';
import { openTestStore } from '../helpers/store';

const H = 3_600_000;
const D = 24 * H;
const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-availability-'));
const storePath = path.join(dir, 'fleetscope.db');
// Nothing listens on the discard port: both clusters are unreachable, as their scripted history ends.
const document = {
  clusters: [
    { name: 'steady', prometheus: { url: 'http://127.0.0.1:9/federate', timeout: '1s' } },
    { name: 'flappy', prometheus: { url: 'http://127.0.0.1:9/federate', timeout: '1s' } },
  ],
  store: { path: storePath, historyRetention: '30d' },
};
const NOW = Date.now();

/** steady: healthy for 20 days but 2 hours degraded 3 days ago, unreachable for the last hour; flappy: watched for 2 days, flapping for the last 10 hours. */
function scriptedHistory(): StatusTransition[] {
  const rows: Array<[string, number, StatusTransition['to']]> = [
    ['steady', 20 * D, 'healthy'],
    ['steady', 3 * D, 'degraded'],
    ['steady', 3 * D - 2 * H, 'healthy'],
    ['steady', H, 'unreachable'],
    ['flappy', 2 * D, 'healthy'],
    ['flappy', 10 * H, 'degraded'],
    ['flappy', 9 * H, 'healthy'],
    ['flappy', 8 * H, 'critical'],
    ['flappy', 6 * H, 'healthy'],
    ['flappy', 2 * H, 'degraded'],
    ['flappy', H + H / 2, 'healthy'],
    ['flappy', H / 2, 'unreachable'],
  ];
  return rows.map(([cluster, ago, to], i) => ({ cluster, at: NOW - ago, from: rows[i - 1]?.[0] === cluster ? rows[i - 1]![2] : null, to, reason: null }));
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the availability report from a scripted status history', () => {
  let app: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    const store = openTestStore(storePath);
    await store.appendTransitions(scriptedHistory());
    await store.close();
    const config = validateConfig(document);
    if (!config.ok) throw new Error(config.problems.join('\n'));
    app = await startTestServer({ config: config.config, storePath });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers JSON with the time in each status per window, and how much of each window the history covers', async () => {
    const response = await fetch(`${app.url}/api/reports/availability`);
    expect(response.status).toBe(200);
    const report = (await response.json()) as FleetAvailability;
    expect(report.retentionMs).toBe(30 * D);
    expect(report.clusters.map((c) => [c.cluster, c.windows.map((w) => w.label)])).toEqual([
      ['steady', ['1d', '7d', '30d']],
      ['flappy', ['1d', '7d', '30d']],
    ]);
    const [steadyDay, steadyWeek, steadyMonth] = report.clusters[0]!.windows;
    const late = report.generatedAt - NOW;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(steadyDay!.ms).toEqual({ healthy: D - H - late, degraded: 0, critical: 0, unreachable: H + late, unknown: 0 });
    expect([steadyWeek!.coveredMs, steadyWeek!.ms.degraded, steadyWeek!.ms.unreachable]).toEqual([7 * D, 2 * H, H + late]);
    // Twenty days of history in a thirty-day window: ten days unknown, not healthy.
    expect([steadyMonth!.coveredMs, steadyMonth!.coveredFrom, steadyMonth!.ms.unknown, steadyMonth!.beforeRetention]).toEqual([
      20 * D + late,
      NOW - 20 * D,
      10 * D - late,
      false,
    ]);
    const [flappyDay, flappyWeek] = report.clusters[1]!.windows;
    expect(flappyDay!.ms).toEqual({ healthy: 20 * H - late, degraded: 1.5 * H, critical: 2 * H, unreachable: H / 2 + late, unknown: 0 });
    expect([flappyWeek!.coveredMs, flappyWeek!.coveredFrom, flappyWeek!.ms.unknown]).toEqual([2 * D + late, NOW - 2 * D, 5 * D - late]);
    expect(report.fleet.map((w) => [w.label, w.clusters, w.ms.critical])).toEqual([
      ['1d', 2, H],
      ['7d', 2, H],
      ['30d', 2, H],
    ]);
  });

  it('answers CSV, one row per cluster and window and the fleet mean', async () => {
    const response = await fetch(`${app.url}/api/reports/availability?format=csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'level,cluster,window,from,to,covered_ms,covered_from,before_retention,healthy_ms,degraded_ms,critical_ms,unreachable_ms,unknown_ms,healthy_share,degraded_share,critical_share,unreachable_share,unknown_share',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(' '))).toEqual([
      'cluster steady 1d',
      'cluster steady 7d',
      'cluster steady 30d',
      'cluster flappy 1d',
      'cluster flappy 7d',
      'cluster flappy 30d',
      'fleet  1d',
      'fleet  7d',
      'fleet  30d',
    ]);
    const steadyWeek = lines[2]!.split(',');
    expect([steadyWeek[5], steadyWeek[7], steadyWeek[9], steadyWeek[10], steadyWeek[12]]).toEqual(['604800000', 'false', '7200000', '0', '0']);
    const flappyMonth = lines[6]!.split(',');
    expect([flappyMonth[6], flappyMonth[7]]).toEqual([new Date(NOW - 2 * D).toISOString(), 'false']);
  });

  it('answers Markdown with the shares of each window and what the history covers', async () => {
    const response = await fetch(`${app.url}/api/reports/availability?format=md`);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const body = await response.text();
    expect(body).toContain('# Fleet availability\n');
    expect(body).toContain('Shares are of the whole window; time the history does not cover is unknown (no data), not healthy.');
    expect(body).toContain('| cluster | window | covered | healthy | degraded | critical | unreachable | unknown (no data) |');
    expect(body).toContain('| steady | 7d | all | 98.21% | 1.19% | 0.00% | 0.60% | 0.00% |');
    expect(body).toContain(`| flappy | 7d | 2d of 7d, from ${new Date(NOW - 2 * D).toISOString()} | `);
    expect(body).toMatch(/\| steady \| 30d \| 20d of 30d, from [^|]+ \| 66\.\d\d% \| 0\.28% \| 0\.00% \| 0\.14% \| 33\.33% \|/);
  });

  it('picks one window with ?days= and one cluster with ?cluster=, and refuses a number of days it cannot use', async () => {
    const report = (await (await fetch(`${app.url}/api/reports/availability?days=3&cluster=flappy`)).json()) as FleetAvailability;
    expect(report.clusters.map((c) => [c.cluster, c.windows.map((w) => [w.label, w.coveredMs === w.windowMs])])).toEqual([['flappy', [['3d', false]]]]);
    const bad = await fetch(`${app.url}/api/reports/availability?days=0`);
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'days: must be a whole number of days from 1 to 366 (got "0")' }]);
  });
});

describe('fleetscope report availability', () => {
  it('reads the history from the configured store, read only, and says where to look without one', async () => {
    const configFile = path.join(dir, 'fleet.yaml');
    writeFileSync(configFile, JSON.stringify(document));
    const run = await runCommand(['report', 'availability', '--config', configFile, '--format', 'md', '--days', '7']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('| steady | 7d | all | 98.21% | 1.19% | 0.00% | 0.60% | 0.00% |');
    expect(run.stdout).not.toContain('| 30d |');
    const store = openTestStore(storePath);
    try {
      expect(await store.transitionsSince(0)).toEqual(scriptedHistory().sort((a, b) => a.at - b.at));
    } finally {
      await store.close();
    }

    const demo = await runCommand(['report', 'availability']);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toContain('GET /api/reports/availability');

    const nowhere = path.join(dir, 'none.yaml');
    writeFileSync(nowhere, JSON.stringify({ ...document, store: { path: path.join(dir, 'missing.db') } }));
    const missing = await runCommand(['report', 'availability', '--config', nowhere]);
    expect([missing.code, missing.stderr]).toEqual([
      4,
      `fleetscope report: no store at ${path.join(dir, 'missing.db')} (store.path): \`fleetscope serve\` keeps the status history there, and has not run with this config yet\n`,
    ]);
  });
});
