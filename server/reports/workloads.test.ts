import { describe, expect, it } from 'vitest';
import { inventoryOf } from '../../test/helpers/inventory';
import { testSettings } from '../../test/helpers/report-settings';
import { scrapeOfText } from '../../test/helpers/scrape';
import type { ClusterSnapshot } from '../fleet/types';
import { clusterCost } from './cost';
import { fleetSkew } from './skew';

const NOW = Date.parse('2026-11-21T10:00:00Z');
const settings = testSettings();

/** kube-state-metrics v2 exposition of pods of every kind of owner (names and labels as it writes them). */
const OWNERS = `kube_pod_owner{namespace="shop",pod="api-7d9f8b6c5d-x1k2p",uid="u1",owner_kind="ReplicaSet",owner_name="api-7d9f8b6c5d",owner_is_controller="true"} 1
kube_pod_owner{namespace="shop",pod="db-0",uid="u2",owner_kind="StatefulSet",owner_name="db",owner_is_controller="true"} 1
kube_pod_owner{namespace="kube-system",pod="node-agent-x7z9q",uid="u3",owner_kind="DaemonSet",owner_name="node-agent",owner_is_controller="true"} 1
kube_pod_owner{namespace="shop",pod="backup-29410560-abcde",uid="u4",owner_kind="Job",owner_name="backup-29410560",owner_is_controller="true"} 1
kube_pod_owner{namespace="shop",pod="debug",uid="u5",owner_kind="<none>",owner_name="<none>",owner_is_controller="<none>"} 1
kube_pod_owner{namespace="shop",pod="worker-qwrtz",uid="u6",owner_kind="ReplicaSet",owner_name="worker",owner_is_controller="true"} 1
kube_replicaset_owner{namespace="shop",replicaset="api-7d9f8b6c5d",owner_kind="Deployment",owner_name="storefront",owner_is_controller="true"} 1
kube_replicaset_owner{namespace="shop",replicaset="worker",owner_kind="<none>",owner_name="<none>",owner_is_controller="<none>"} 1
kube_job_owner{namespace="shop",job_name="backup-29410560",owner_kind="CronJob",owner_name="nightly-backup",owner_is_controller="true"} 1
`;

const containers = (pods: Array<[string, string, string]>) =>
  pods
    .map(
      ([namespace, pod, image]) =>
        `kube_pod_container_info{namespace="${namespace}",pod="${pod}",container="main",image="${image}",image_id="",container_id=""} 1\n` +
        `kube_pod_container_resource_requests{namespace="${namespace}",pod="${pod}",container="main",node="n1",resource="cpu",unit="core"} 1\n`,
    )
    .join('');

const PODS: Array<[string, string, string]> = [
  ['shop', 'api-7d9f8b6c5d-x1k2p', 'shop/api:1.0'],
  ['shop', 'db-0', 'postgres:16'],
  ['kube-system', 'node-agent-x7z9q', 'agent:2'],
  ['shop', 'backup-29410560-abcde', 'backup:1'],
  ['shop', 'debug', 'busybox'],
  ['shop', 'worker-qwrtz', 'worker:1'],
  ['shop', 'cart-5f6g7h8j9k-bcdfg', 'cart:1'],
];

function cluster(name: string, text: string): ClusterSnapshot {
  const ok = { lastAttempt: NOW - 1000, lastSuccess: NOW - 1000, lastDurationMs: 5, error: null, failures: {} };
  return {
    name,
    labels: {},
    prometheus: { ...ok, series: scrapeOfText(text, { cluster: name }), sampleCount: 0, bytes: 0, duplicates: 0, staleAfterMs: 300_000 },
    kubernetes: null,
  };
}

const workloadRows = (text: string) =>
  clusterCost(inventoryOf(cluster('c1', text), NOW), settings)
    .workloads.map((w) => [w.namespace, w.workload, w.workloadBasis])
    .sort();

describe("workloads from kube-state-metrics' owner series", () => {
  it('follow kube_pod_owner, kube_replicaset_owner and kube_job_owner, and say so on every cost row', () => {
    expect(workloadRows(OWNERS + containers(PODS))).toEqual([
      ['kube-system', 'DaemonSet/node-agent', 'kube_pod_owner'],
      ['shop', 'CronJob/nightly-backup', 'kube_pod_owner'],
      // Owner series win over names: the Deployment is not named like its pods.
      ['shop', 'Deployment/cart', 'name pattern'],
      ['shop', 'Deployment/storefront', 'kube_pod_owner'],
      ['shop', 'Pod/debug', 'kube_pod_owner'],
      ['shop', 'ReplicaSet/worker', 'kube_pod_owner'],
      ['shop', 'StatefulSet/db', 'kube_pod_owner'],
    ]);
  });

  it('fall back to the name pattern, marked, only where a link of the chain is not federated', () => {
    const withoutChain = OWNERS.split('\n')
      .filter((l) => !l.startsWith('kube_replicaset_owner') && !l.startsWith('kube_job_owner'))
      .join('\n');
    const rows = workloadRows(withoutChain + containers(PODS));
    expect(rows).toContainEqual(['shop', 'Deployment/api', 'name pattern']);
    expect(rows).toContainEqual(['shop', 'CronJob/backup', 'name pattern']);
    expect(rows).toContainEqual(['shop', 'StatefulSet/db', 'kube_pod_owner']);
  });

  it('read the pod owner from kube_pod_info when kube_pod_owner is not federated', () => {
    const info = `kube_pod_info{namespace="shop",pod="db-0",uid="u2",node="n1",created_by_kind="StatefulSet",created_by_name="db"} 1\n`;
    expect(workloadRows(info + containers([['shop', 'db-0', 'postgres:16']]))).toEqual([['shop', 'StatefulSet/db', 'kube_pod_info']]);
  });

  it('name image drift by the owner chain, with its basis', () => {
    const a = cluster('a', OWNERS + containers(PODS));
    const b = cluster('b', OWNERS + containers([['shop', 'api-7d9f8b6c5d-x1k2p', 'shop/api:1.1']]));
    const drift = fleetSkew([inventoryOf(a, NOW), inventoryOf(b, NOW)], NOW, settings).fleet.imageDrift;
    expect(drift).toEqual([
      {
        namespace: 'shop',
        workload: 'Deployment/storefront',
        workloadBasis: 'kube_pod_owner',
        container: 'main',
        images: [
          { image: 'shop/api:1.0', clusters: ['a'] },
          { image: 'shop/api:1.1', clusters: ['b'] },
        ],
      },
    ]);
  });
});
