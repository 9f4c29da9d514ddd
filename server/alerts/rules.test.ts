import { describe, expect, it } from 'vitest';
import { hygieneFleet } from '../../test/fixtures/hygiene/load';
import { testSettings } from '../../test/helpers/report-settings';
import { fleetHygiene } from '../reports/hygiene';
import type { FleetEvent } from '../../shared/events';
import type { ClusterSkew, FleetSkew } from '../../shared/reports/skew';
import { alertRules } from '../config/schema/alerts';
import type { ClusterSnapshot, PrometheusState } from '../fleet/types';
import { NO_WATCH_TROUBLE } from '../fleet/watches';
import type { Sample } from '../fleet/series';
import { inventoriesOf } from '../../test/helpers/inventory';
import { scrapeOf } from '../../test/helpers/scrape';
import { blindClusters, evaluateRules, forwardedAlerts, type RuleInputs } from './rules';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const MIN = 60_000;

function sample(name: string, labels: Record<string, string>, value = 1): Sample {
  return { name, labels: { cluster: 'prod-eu', ...labels }, value, timestampMs: null };
}

function prometheus(samples: Sample[], lastSuccess: number | null = NOW - 10_000, error: PrometheusState['error'] = null): PrometheusState {
  const series = scrapeOf(samples);
  return {
    lastAttempt: NOW - 10_000,
    lastSuccess,
    lastDurationMs: 5,
    error,
    failures: {},
    series,
    sampleCount: samples.length,
    bytes: 0,
    duplicates: 0,
    staleAfterMs: 5 * MIN,
  };
}

function cluster(over: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return { name: 'prod-eu', labels: {}, prometheus: prometheus([]), kubernetes: null, ...over };
}

function inputs(clusters: ClusterSnapshot[], over: Partial<RuleInputs> = {}): RuleInputs {
  return { clusters: inventoriesOf({ clusters }, NOW), now: NOW, externalUrl: 'http://fleetscope', skew: null, costDays: new Map(), ...over };
}

const rules = alertRules.parse({});
const names = (list: ReturnType<typeof evaluateRules>) =>
  list.map((c) => `${c.labels.alertname}${c.labels.node ? `:${c.labels.node}` : ''}${c.labels.pod ? `:${c.labels.pod}` : ''}`).sort();

describe('built-in alert rules', () => {
  it('raises ClusterUnreachable with the time the failures began, and nothing series-based', () => {
    const error = { kind: 'unreachable' as const, message: 'GET http://x/federate: ECONNREFUSED', since: NOW - 3 * MIN };
    const c = cluster({
      prometheus: prometheus([sample('kube_node_status_condition', { node: 'n1', condition: 'Ready', status: 'false' })], NOW - 6 * MIN, error),
    });
    const out = evaluateRules(inputs([c]), rules);
    expect(names(out)).toEqual(['ClusterUnreachable']);
    expect(out[0]?.labels).toEqual({ alertname: 'ClusterUnreachable', cluster: 'prod-eu', severity: 'critical' });
    expect(out[0]?.activeSince).toBe(NOW - 3 * MIN);
    expect(out[0]?.forMs).toBe(2 * MIN);
    expect(out[0]?.annotations.link).toBe('http://fleetscope/clusters/prod-eu');
    expect(blindClusters(inventoriesOf({ clusters: [c] }, NOW))).toEqual(new Set(['prod-eu']));
  });

  it('raises NotReady per node and crash-looping per pod from kube-state-metrics series', () => {
    const c = cluster({
      prometheus: prometheus([
        sample('kube_node_status_condition', { node: 'n1', condition: 'Ready', status: 'true' }, 1),
        sample('kube_node_status_condition', { node: 'n2', condition: 'Ready', status: 'true' }, 0),
        sample('kube_node_status_condition', { node: 'n2', condition: 'Ready', status: 'false' }, 1),
        sample('kube_pod_container_status_waiting_reason', { namespace: 'shop', pod: 'api-1', container: 'api', reason: 'CrashLoopBackOff' }),
        sample('kube_pod_container_status_waiting_reason', { namespace: 'shop', pod: 'api-2', container: 'api', reason: 'ContainerCreating' }),
      ]),
    });
    const out = evaluateRules(inputs([c]), rules);
    expect(names(out)).toEqual(['NodeNotReady:n2', 'PodCrashLooping:api-1']);
    expect(out.find((x) => x.labels.pod)?.labels.namespace).toBe('shop');
  });

  it('raises a burst per namespace and reason of Warning events within the window', () => {
    const event = (i: number, ns: string, lastSeen: number): FleetEvent => ({
      id: `e${i}`,
      cluster: 'prod-eu',
      namespace: ns,
      involvedObject: { kind: 'Pod', name: `p${i}` },
      reason: 'BackOff',
      type: 'Warning',
      message: 'x',
      count: 5,
      firstSeen: lastSeen,
      lastSeen,
    });
    const events = [...Array.from({ length: 4 }, (_, i) => event(i, 'shop', NOW - MIN)), event(9, 'shop', NOW - 30 * MIN), event(10, 'web', NOW)];
    const c = cluster({
      kubernetes: {
        lastAttempt: NOW,
        lastSuccess: NOW,
        lastDurationMs: 1,
        error: null,
        failures: {},
        version: null,
        nodes: [],
        events,
        watches: NO_WATCH_TROUBLE,
      },
    });
    const out = evaluateRules(inputs([c]), rules);
    expect(names(out)).toEqual(['WarningEventBurst']);
    expect(out[0]?.labels).toMatchObject({ namespace: 'shop', reason: 'BackOff' });
    expect(out[0]?.annotations.description).toBe('20 BackOff across 4 pods in prod-eu/shop in 10m (threshold 20).');
  });

  it('reads kubelet skew and end of life from the skew report; honours enabled, severity and thresholds', () => {
    const clusterSkew: Partial<ClusterSkew> = {
      cluster: 'prod-eu',
      findings: [
        {
          rule: 'kubelet_too_old',
          severity: 'warning',
          component: 'kubelet',
          subject: 'n7',
          version: 'v1.23.17',
          message: 'kubelet v1.23.17 on n7 is 4 minors older than kube-apiserver 1.27',
          policy: 'at most 3',
        },
      ],
      eol: { minor: '1.27', endOfLife: '2024-06-28', daysLeft: -800, state: 'past_eol' },
    };
    const skew = { generatedAt: NOW, clusters: [clusterSkew], fleet: { minors: [], newestMinor: null, behind: [], imageDrift: [] } };
    const withSkew = inputs([cluster()], { skew: skewOf(skew) });
    expect(names(evaluateRules(withSkew, rules))).toEqual(['KubeletVersionSkew:n7', 'KubernetesReleaseEOL']);
    const tuned = alertRules.parse({ KubeletVersionSkew: { enabled: false }, KubernetesReleaseEOL: { severity: 'warning' } });
    const out = evaluateRules(withSkew, tuned);
    expect(out.map((c) => [c.labels.alertname, c.labels.severity])).toEqual([['KubernetesReleaseEOL', 'warning']]);
  });

  it('raises one alert per critical hygiene finding, and per warning one when FleetHygieneWarning is on', () => {
    const fleet = hygieneFleet();
    const hygiene = fleetHygiene(fleet.inventories, fleet.now, testSettings());
    const withHygiene = { ...inputs([]), clusters: fleet.inventories.filter((c) => c.cluster === 'prod-us'), hygiene };
    expect(evaluateRules(withHygiene, rules)).toEqual([]);
    const warnings = evaluateRules(withHygiene, alertRules.parse({ FleetHygieneWarning: { enabled: true } }));
    expect(warnings.map((c) => c.labels)).toEqual([
      { alertname: 'FleetHygieneWarning', cluster: 'prod-us', severity: 'warning', check: 'velero', rule: 'velero_no_schedule', subject: 'prod-us' },
      { alertname: 'FleetHygieneWarning', cluster: 'prod-us', severity: 'warning', check: 'cidr', rule: 'cidr_overlap', subject: '10.244.0.0/16' },
      { alertname: 'FleetHygieneWarning', cluster: 'prod-us', severity: 'warning', check: 'cidr', rule: 'cidr_overlap', subject: '10.244.0.0/16' },
    ]);
    const critical = evaluateRules({ ...withHygiene, clusters: fleet.inventories.filter((c) => c.cluster === 'prod-eu') }, rules);
    expect(critical.map((c) => c.labels.rule)).toEqual([
      'velero_backup_stale',
      'velero_backup_stale',
      'argocd_degraded',
      'certificate_expiring',
      'etcd_no_leader',
      'etcd_wal_fsync_slow',
      'cilium_agent_down',
    ]);
    expect(critical.every((c) => c.labels.alertname === 'FleetHygieneCritical' && c.labels.severity === 'critical' && c.forMs === 5 * MIN)).toBe(true);
    expect(critical[2]).toMatchObject({
      labels: { check: 'argocd', subject: 'search', namespace: 'argocd' },
      annotations: {
        summary: 'argocd in prod-eu: argocd_degraded on argocd/search',
        description: 'application search is Degraded on https://10.0.0.5:6443 namespace search.',
      },
    });
  });

  it('raises CostJump above the day-over-day threshold only', () => {
    const at = (today: number) => inputs([cluster()], { costDays: new Map([['prod-eu', { today, yesterday: 100, currency: 'USD' }]]) });
    expect(names(evaluateRules(at(120), rules))).toEqual([]);
    const out = evaluateRules(at(150), rules);
    expect(names(out)).toEqual(['CostJump']);
    expect(out[0]?.annotations.summary).toBe('Cost of prod-eu jumped 50% day over day');
  });

  it('forwards ALERTS{alertstate="firing"} with the cluster label, not pending ones, not from stale data', () => {
    const series = [
      sample('ALERTS', { alertname: 'KubePodNotReady', alertstate: 'firing', namespace: 'shop', severity: 'warning' }),
      sample('ALERTS', { alertname: 'Other', alertstate: 'pending' }),
    ];
    const out = forwardedAlerts(inputs([cluster({ prometheus: prometheus(series) })]));
    expect(out.map((c) => c.labels)).toEqual([{ alertname: 'KubePodNotReady', namespace: 'shop', severity: 'warning', cluster: 'prod-eu' }]);
    expect(forwardedAlerts(inputs([cluster({ prometheus: prometheus(series, NOW - 10 * MIN) })]))).toEqual([]);
  });
});

/** Fills the parts of the skew report the rules do not read. */
function skewOf(partial: { generatedAt: number; clusters: Partial<ClusterSkew>[]; fleet: FleetSkew['fleet'] }): FleetSkew {
  return {
    ...partial,
    clusters: partial.clusters.map((c) => ({
      cluster: '',
      labels: {},
      apiServer: { versions: [], source: null },
      nodes: { source: null, total: 0, kubelet: {}, kubeProxy: {}, containerRuntime: {}, osImage: {} },
      controlPlane: {},
      findings: [],
      eol: null,
      upgrade: null,
      missing: [],
      ...c,
    })),
  };
}
