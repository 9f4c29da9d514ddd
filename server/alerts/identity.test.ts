import { describe, expect, it } from 'vitest';
import { readScrape } from '../sources/federate/read-scrape';
import { clusterAlertLabels, DEFAULT_CLUSTER_LABELLING, inboundAlertLabels, type ClusterLabelling } from './identity';

/** The labels of a federated ALERTS series as the federation source reads them (the real labelling). */
function federated(line: string, labelling: { label: string; cluster: string; existing: 'rename' | 'keep' }): Record<string, string> {
  const read = readScrape(Buffer.from(`${line}\n`), { labelling, previous: null });
  if (!read.ok) throw new Error(read.message);
  const [sample] = read.series.get('ALERTS') ?? [];
  return { ...sample?.labels };
}

const cases: Array<{ what: string; alert: Record<string, string>; series: string; labelling: ClusterLabelling }> = [
  {
    what: 'the cluster calls itself as the fleet does',
    alert: { alertname: 'X', cluster: 'prod-eu', instance: 'n1' },
    series: 'ALERTS{alertname="X",alertstate="firing",cluster="prod-eu",instance="n1"} 1',
    labelling: DEFAULT_CLUSTER_LABELLING,
  },
  {
    what: 'the cluster calls itself otherwise',
    alert: { alertname: 'X', cluster: 'eu-west-1-main', instance: 'n1' },
    series: 'ALERTS{alertname="X",alertstate="firing",cluster="eu-west-1-main",instance="n1"} 1',
    labelling: DEFAULT_CLUSTER_LABELLING,
  },
  {
    what: 'no external cluster label',
    alert: { alertname: 'X', instance: 'n1' },
    series: 'ALERTS{alertname="X",alertstate="firing",instance="n1"} 1',
    labelling: DEFAULT_CLUSTER_LABELLING,
  },
  {
    what: 'existingClusterLabel: keep',
    alert: { alertname: 'X', cluster: 'eu-own' },
    series: 'ALERTS{alertname="X",alertstate="firing",cluster="eu-own"} 1',
    labelling: { label: 'cluster', existing: () => 'keep' },
  },
  {
    what: 'a fleet clusterLabel of its own',
    alert: { alertname: 'X', k8s_cluster: 'eu-own' },
    series: 'ALERTS{alertname="X",alertstate="firing",k8s_cluster="eu-own"} 1',
    labelling: { label: 'k8s_cluster', existing: () => 'rename' },
  },
];

describe('one identity for an alert from the cluster Alertmanager and from its federated ALERTS series', () => {
  it.each(cases)('gives both paths the same labels: $what', ({ alert, series, labelling }) => {
    const fromSeries = clusterAlertLabels(
      federated(series, { label: labelling.label, cluster: 'prod-eu', existing: labelling.existing('prod-eu') }),
      'prod-eu',
      labelling,
    );
    expect(inboundAlertLabels(alert, 'prod-eu', labelling)).toEqual(fromSeries);
    expect(fromSeries.cluster).toBe('prod-eu');
    expect(fromSeries.alertstate).toBeUndefined();
  });

  it('drops exported_cluster only when it repeats the fleet name, and keeps one that names another cluster', () => {
    expect(inboundAlertLabels({ alertname: 'X', cluster: 'prod-eu' }, 'prod-eu', DEFAULT_CLUSTER_LABELLING)).toEqual({ alertname: 'X', cluster: 'prod-eu' });
    expect(inboundAlertLabels({ alertname: 'X', cluster: 'spoke-3' }, 'hub', DEFAULT_CLUSTER_LABELLING)).toEqual({
      alertname: 'X',
      cluster: 'hub',
      exported_cluster: 'spoke-3',
    });
  });
});
