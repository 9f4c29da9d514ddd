import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize-event';
import { normalizeNode } from './normalize-node';

const FIXTURES = new URL('../../../test/fixtures/kube-apiserver-1.26/', import.meta.url);
const items = (file: string): unknown[] => JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')).items;

describe('normalizeEvent on a real kube-apiserver 1.26', () => {
  it('reads core/v1 and events.k8s.io/v1 events to the same records', () => {
    const core = items('events-core-v1-list.json').map((o) => normalizeEvent('c1', o)?.event);
    const v1 = items('events-events.k8s.io-v1-list.json').map((o) => normalizeEvent('c1', o)?.event);
    expect(v1).toEqual(core);
    const backOff = core.find((e) => e?.reason === 'BackOff');
    expect(backOff).toEqual({
      id: 'c1/payments/Pod/api-7d9f8b6c5-x2k4p/BackOff',
      cluster: 'c1',
      namespace: 'payments',
      involvedObject: { kind: 'Pod', name: 'api-7d9f8b6c5-x2k4p', namespace: 'payments' },
      reason: 'BackOff',
      type: 'Warning',
      message: expect.stringContaining('Back-off restarting failed container'),
      count: 5,
      firstSeen: expect.any(Number),
      lastSeen: Date.parse('2026-11-21T09:29:00Z'),
      source: 'kubelet',
    });
  });

  it('takes the time of an event that only has eventTime (events.k8s.io style, no count)', () => {
    const notReady = normalizeEvent('c1', items('events-core-v1-list.json')[0]);
    expect(notReady?.event).toMatchObject({
      reason: 'NodeNotReady',
      involvedObject: { kind: 'Node', name: 'ip-10-0-1-12.eu-west-1.compute.internal' },
      count: 1,
      firstSeen: Date.parse('2026-11-21T09:25:00Z'),
      lastSeen: Date.parse('2026-11-21T09:25:00Z'),
      source: 'node-controller',
    });
    expect(notReady?.event.involvedObject).not.toHaveProperty('namespace');
  });

  it('follows a watched event through its count bump (ADDED then MODIFIED)', () => {
    const lines = readFileSync(new URL('events-watch-stream.jsonl', FIXTURES), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const [added, modified] = lines.map((l) => normalizeEvent('c1', l.object));
    expect(added).toMatchObject({ uid: '8d737a73-ac51-4dd7-8412-60a1edeff10d', resourceVersion: '449', event: { count: 1, reason: 'Unhealthy' } });
    expect(modified).toMatchObject({ resourceVersion: '450', event: { count: 2, lastSeen: Date.parse('2026-11-21T09:31:30Z') } });
    expect(modified?.event.id).toBe(added?.event.id);
  });

  it('refuses what is not an event and bounds long messages', () => {
    expect(normalizeEvent('c1', { kind: 'Status' })).toBeNull();
    const long = normalizeEvent('c1', { metadata: { name: 'x', namespace: 'n' }, involvedObject: { kind: 'Pod', name: 'p' }, message: 'm'.repeat(5000) });
    expect(long?.event.message.length).toBe(1025);
  });
});

describe('normalizeNode on a real kube-apiserver 1.26', () => {
  it('reads readiness, versions, OS image and pod CIDR', () => {
    const nodes = items('nodes-list.json').map((o) => normalizeNode(o));
    expect(nodes.map((n) => [n?.name, n?.ready, n?.kubeletVersion, n?.podCIDR])).toEqual([
      ['ip-10-0-1-11.eu-west-1.compute.internal', true, 'v1.26.4', '10.244.1.0/24'],
      ['ip-10-0-1-12.eu-west-1.compute.internal', false, 'v1.26.4', '10.244.2.0/24'],
      ['ip-10-0-1-13.eu-west-1.compute.internal', true, 'v1.23.17', '10.244.3.0/24'],
    ]);
    expect(nodes[0]).toMatchObject({
      problemConditions: [],
      osImage: 'Amazon Linux 2',
      kubeProxyVersion: 'v1.26.4',
      labels: expect.objectContaining({ 'topology.kubernetes.io/region': 'eu-west-1' }),
    });
  });
});

describe('normalizeNode on a dual-stack node', () => {
  const node = (spec: Record<string, unknown>) => normalizeNode({ metadata: { name: 'n1' }, spec, status: {} });

  it('reads both families of spec.podCIDRs, spec.podCIDR first', () => {
    expect(node({ podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'] })).toMatchObject({
      podCIDR: '10.244.1.0/24',
      podCIDRs: ['10.244.1.0/24', 'fd00:10:244:1::/64'],
    });
  });

  it('takes spec.podCIDR alone (older servers) and spec.podCIDRs alone', () => {
    expect(node({ podCIDR: '10.244.2.0/24' })).toMatchObject({ podCIDR: '10.244.2.0/24', podCIDRs: ['10.244.2.0/24'] });
    expect(node({ podCIDRs: ['fd00:10:244:3::/64', '10.244.3.0/24'] })).toMatchObject({
      podCIDR: 'fd00:10:244:3::/64',
      podCIDRs: ['fd00:10:244:3::/64', '10.244.3.0/24'],
    });
    expect(node({})).toMatchObject({ podCIDR: null, podCIDRs: [] });
  });
});
