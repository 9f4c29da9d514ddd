import { describe, expect, it } from 'vitest';
import { golden } from '../../test/fixtures/reports/golden';
import { loadSnapshot } from '../../test/fixtures/reports/load-snapshot';
import { inventoriesOf, inventoryOf } from '../../test/helpers/inventory';
import { healthReportConfig } from '../config/schema/reports';
import type { ClusterSnapshot } from '../fleet/types';
import { QUIET_WATCH, withRelist } from '../fleet/watches';
import { clusterHealth, fleetHealth } from './health';

const { snapshot, now } = loadSnapshot('fleet-health');
const inventories = inventoriesOf(snapshot, now);
const report = fleetHealth(inventories, now);
const cluster = (name: string, from = report) => {
  const found = from.clusters.find((c) => c.cluster === name);
  if (!found) throw new Error(`no cluster ${name}`);
  return found;
};

describe('health report on the recorded fleet', () => {
  it('matches the reviewed golden report', () => {
    const text = `${JSON.stringify(report, null, 2)}\n`;
    expect(text).toBe(golden('health.json', text));
  });

  it('a calm cluster is healthy: Watchdog and non-core targets do not count', () => {
    expect(cluster('calm')).toMatchObject({ status: 'healthy', reasons: [], nodes: { total: 3, ready: 3 }, missing: [] });
  });

  it('says why a cluster is critical, most severe first, in sentences', () => {
    const crashy = cluster('crashy');
    expect(crashy.status).toBe('critical');
    expect(crashy.reasons.map((r) => `${r.severity}: ${r.message}`)).toEqual([
      'critical: 14 pods in CrashLoopBackOff',
      'warning: 1 of 12 nodes NotReady',
      'warning: 6 containers restarted in the last 10m',
      'warning: 1 warning alert firing: KubePodCrashLooping',
      'warning: 1 core target down: kubelet (10.0.1.2:10250)',
    ]);
  });

  it('data older than the staleness bound is never healthy', () => {
    expect(cluster('frozen').status).toBe('critical');
    expect(cluster('frozen').reasons).toEqual([{ rule: 'data_stale', severity: 'critical', message: 'Prometheus data 7m old (stale after 5m)' }]);
    expect(cluster('gone').status).toBe('unreachable');
    expect(cluster('gone').reasons.map((r) => r.message)).toContain('Prometheus unreachable for 6m: timeout');
    expect(cluster('fresh-start').status).toBe('unknown');
  });

  it('names missing inputs instead of reading them as zero', () => {
    const bare = cluster('bare');
    expect(bare.nodes).toBeNull();
    expect(bare.missing?.map((m) => m.input)).toEqual([
      'kube_node_status_condition',
      'kube_pod_status_phase',
      'kube_pod_container_status_restarts_total',
      'Kubernetes API',
    ]);
  });

  it('takes thresholds from config: rules can be re-levelled or turned off', () => {
    const config = healthReportConfig.parse({ rules: { pods_crashloop: { critical: 20 }, targets_down: { enabled: false }, warning_events: { warning: 10 } } });
    const crashy = cluster('crashy', fleetHealth(inventoriesOf(snapshot, now, { staleAfter: config.staleAfter }), now, config));
    expect(crashy.reasons.map((r) => `${r.rule} ${r.severity}`)).toEqual([
      'nodes_not_ready warning',
      'pods_crashloop warning',
      'restart_rate warning',
      'warning_events warning',
      'alerts_warning warning',
    ]);
    expect(crashy.reasons.find((r) => r.rule === 'warning_events')?.message).toBe('14 warning events in the last 10m (BackOff 14)');
    expect(crashy.status).toBe('degraded');
  });

  it('counts statuses across the fleet', () => {
    expect(report.counts).toEqual({ healthy: 2, degraded: 0, critical: 2, unreachable: 1, unknown: 1 });
  });
});

describe('a cluster whose watch keeps relisting', () => {
  const calm = snapshot.clusters.find((c) => c.name === 'calm');
  if (!calm?.kubernetes) throw new Error('the recorded fleet has a calm cluster with a Kubernetes API');
  let events = QUIET_WATCH;
  for (const at of [now - 300_000, now - 240_000, now - 180_000, now - 120_000, now - 60_000]) events = withRelist(events, at, '410 Gone');
  const relisting: ClusterSnapshot = { ...calm, kubernetes: { ...calm.kubernetes, watches: { ...calm.kubernetes.watches, events } } };

  it('is degraded, not healthy, and says how many relists in how long and why', () => {
    const health = clusterHealth(inventoryOf(relisting, now), now);
    expect(health.status).toBe('degraded');
    expect(health.reasons).toEqual([
      { rule: 'kubernetes_relisting', severity: 'warning', message: 'Kubernetes API events watch relisting: 5 relists in 5m (410 Gone)' },
    ]);
    expect(health.kubernetes.relisting).toEqual({ resource: 'events', count: 5, since: now - 300_000, reason: '410 Gone' });
  });

  it('is healthy again once the watch went two minutes without a relist', () => {
    const later = now + 60_001;
    const health = clusterHealth(inventoryOf(relisting, later), later);
    expect(health.reasons.map((r) => r.rule)).not.toContain('kubernetes_relisting');
    expect(health.kubernetes.relisting).toBeUndefined();
  });
});
