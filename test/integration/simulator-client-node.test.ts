import {
  ADD,
  CoreV1Api,
  DELETE,
  EventsV1Api,
  KubeConfig,
  makeInformer,
  UPDATE,
  type CoreV1Event,
  type EventsV1Event,
  type Informer,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimFleet, type SimFleet } from '../../server/simulator/demo';
import type { SimCluster } from '../../server/simulator/cluster-server';
import { waitFor } from '../helpers/server';

/**
 * @kubernetes/client-node's informer (list, then watch from the list's
 * resourceVersion, re-watch when the server ends the watch, relist on 410)
 * against the simulated API server.
 */
let fleet: SimFleet;
let cluster: SimCluster;
let kubeConfig: KubeConfig;
const informers: Array<Informer<KubernetesObject>> = [];

beforeAll(async () => {
  fleet = await startSimFleet([{ name: 'informed', labels: { region: 'eu-west-1' }, version: 'v1.31.2', nodes: 2, podsPerNode: 1 }]);
  cluster = fleet.clusters[0]!;
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(fleet.kubeconfigPath);
  kubeConfig.setCurrentContext('sim-informed');
});

afterEach(async () => {
  for (const informer of informers.splice(0)) await informer.stop();
});

afterAll(async () => {
  await fleet?.close();
});

/** What the informer's handlers were told, in order. */
function record<T extends KubernetesObject>(informer: Informer<T>, describe: (o: T) => string): string[] {
  const seen: string[] = [];
  informer.on(ADD, (o) => seen.push(`ADD ${describe(o)}`));
  informer.on(UPDATE, (o) => seen.push(`UPDATE ${describe(o)}`));
  informer.on(DELETE, (o) => seen.push(`DELETE ${describe(o)}`));
  return seen;
}

const lists = (path: string) => cluster.kube.requests.filter((r) => !r.watch && r.url.split('?')[0] === path).length;
const watches = (path: string) => cluster.kube.requests.filter((r) => r.watch && r.url.split('?')[0] === path).length;

describe('an informer on core/v1 events', () => {
  it('lists, watches, survives a server-closed watch and relists after 410 Expired', async () => {
    const path = '/api/v1/events';
    const before = cluster.kube.createEvent({
      namespace: 'payments',
      name: 'before.1',
      involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'payments' },
      reason: 'Scheduled',
      message: 'Successfully assigned payments/api-1',
    });
    const api = kubeConfig.makeApiClient(CoreV1Api);
    const informer = makeInformer<CoreV1Event>(kubeConfig, path, () => api.listEventForAllNamespaces());
    informers.push(informer);
    const seen = record(informer, (e) => `${e.metadata?.name} ${e.reason} x${e.count ?? 0}`);
    const listsAtStart = lists(path);
    await informer.start();
    await waitFor('the informer to watch', () => watches(path) === 1);
    expect(seen).toEqual(['ADD before.1 Scheduled x1']);
    expect(lists(path)).toBe(listsAtStart + 1);

    // Live changes arrive through the watch.
    cluster.kube.createEvent({
      namespace: 'payments',
      name: 'live.1',
      involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'payments' },
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      type: 'Warning',
    });
    cluster.kube.patchEvent('payments', 'live.1', { count: 2 });
    cluster.kube.deleteEvent('payments', before.metadata.name);
    await waitFor('three watch events', () => seen.length === 4);
    expect(seen.slice(1)).toEqual(['ADD live.1 BackOff x1', 'UPDATE live.1 BackOff x2', 'DELETE before.1 Scheduled x1']);

    // The server ends the watch: the informer watches again from where it was, without a relist.
    expect(cluster.kube.closeWatches()).toBe(1);
    await waitFor('a second watch', () => watches(path) === 2);
    const resumed = cluster.kube.requests.filter((r) => r.watch).at(-1)!;
    expect(new URL(resumed.url, 'https://x').searchParams.get('resourceVersion')).toBe(String(cluster.kube.resourceVersion));
    cluster.kube.createEvent({
      namespace: 'checkout',
      name: 'after-close.1',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'checkout' },
      reason: 'Pulled',
      message: 'Container image pulled',
    });
    await waitFor('the event after the re-watch', () => seen.includes('ADD after-close.1 Pulled x1'));
    expect(lists(path)).toBe(listsAtStart + 1);

    // History is compacted while the informer is away: its watch gets 410 Expired, and it lists again.
    cluster.kube.closeWatches();
    cluster.kube.createEvent({
      namespace: 'checkout',
      name: 'missed.1',
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'checkout' },
      reason: 'Killing',
      message: 'Stopping container web',
    });
    cluster.kube.compact();
    await waitFor('a relist', () => lists(path) === listsAtStart + 2);
    await waitFor('the missed event from the relist', () => seen.includes('ADD missed.1 Killing x1'));
    await waitFor('a watch after the relist', () => watches(path) === 4);

    // What the informer holds is what the server holds.
    const held = informer
      .list()
      .map((e) => e.metadata?.name)
      .sort();
    expect(held).toEqual(
      cluster.kube.store
        .list('events')
        .map((e) => e.metadata.name)
        .sort(),
    );
  });
});

describe('an informer on events.k8s.io/v1 events', () => {
  it('sees the same stored events in the new shape (regarding, note, deprecatedCount)', async () => {
    const path = '/apis/events.k8s.io/v1/events';
    const api = kubeConfig.makeApiClient(EventsV1Api);
    const informer = makeInformer<EventsV1Event>(kubeConfig, path, () => api.listEventForAllNamespaces());
    informers.push(informer);
    const seen = record(
      informer,
      (e) => `${e.metadata?.name} ${e.regarding?.kind}/${e.regarding?.name} ${e.note} x${e.deprecatedCount ?? e.series?.count ?? 0}`,
    );
    const watchesBefore = watches(path);
    await informer.start();
    await waitFor('the informer to watch', () => watches(path) > watchesBefore);
    cluster.kube.createEvent({
      namespace: 'default',
      name: 'node-down.1',
      involvedObject: { kind: 'Node', name: 'informed-node-001' },
      reason: 'NodeNotReady',
      message: 'Node informed-node-001 status is now: NodeNotReady',
      style: 'events.k8s.io',
      count: 3,
      reportingController: 'node-controller',
    });
    cluster.kube.createEvent({
      namespace: 'payments',
      name: 'core-style.1',
      involvedObject: { kind: 'Pod', name: 'api-2', namespace: 'payments' },
      reason: 'BackOff',
      message: 'Back-off',
      type: 'Warning',
      count: 4,
    });
    await waitFor('both events', () => seen.filter((s) => s.includes('node-down.1') || s.includes('core-style.1')).length === 2);
    expect(seen).toContain('ADD node-down.1 Node/informed-node-001 Node informed-node-001 status is now: NodeNotReady x3');
    expect(seen).toContain('ADD core-style.1 Pod/api-2 Back-off x4');
  });
});
