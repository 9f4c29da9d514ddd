import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../shared/events';
import type { StatusTransition } from '../store/types';
import { factChanges, fleetChanges, type ClusterFacts } from './changes';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const facts = (apiServer: string[], images: Record<string, string[]> = {}): ClusterFacts => ({
  cluster: 'prod-eu',
  apiServer,
  images: new Map(Object.entries(images)),
});

const transition = (over: Partial<StatusTransition>): StatusTransition => ({
  cluster: 'prod-eu',
  at: NOW - HOUR,
  from: 'healthy',
  to: 'degraded',
  reason: '2 of 12 nodes NotReady',
  ...over,
});

const backOff = (pod: string): FleetEvent => ({
  id: `prod-us/shop/Pod/${pod}/BackOff`,
  cluster: 'prod-us',
  namespace: 'shop',
  involvedObject: { kind: 'Pod', name: pod, namespace: 'shop' },
  reason: 'BackOff',
  type: 'Warning',
  message: 'Back-off restarting failed container',
  count: 5,
  firstSeen: NOW - 2 * MIN,
  lastSeen: NOW - MIN,
});

describe('factChanges', () => {
  it('names a new API server version, from the old one to the new', () => {
    expect(factChanges(facts(['v1.30.6']), facts(['v1.31.0']), NOW)).toEqual([
      { kind: 'version', at: NOW, cluster: 'prod-eu', text: 'kube-apiserver v1.30.6 → v1.31.0' },
    ]);
  });

  it('names the new image tag of a workload, with the one it replaces', () => {
    const before = facts(['v1.31.0'], { 'payments/payments-api/api': ['registry.example.com/payments-api:2.0.0'] });
    const after = facts(['v1.31.0'], { 'payments/payments-api/api': ['registry.example.com/payments-api:2.0.0', 'registry.example.com/payments-api:2.0.1'] });
    expect(factChanges(before, after, NOW)).toEqual([
      { kind: 'image', at: NOW, cluster: 'prod-eu', text: 'payments/payments-api (api): new image 2.0.1 (was 2.0.0)' },
    ]);
  });

  it('sees no change in what the later look does not know, nor in a workload new to the cluster or an image that went away', () => {
    const before = facts(['v1.30.6'], { 'shop/web/web': ['web:1', 'web:2'] });
    expect(factChanges(before, facts([]), NOW)).toEqual([]);
    expect(factChanges(before, facts(['v1.30.6'], { 'shop/web/web': ['web:2'], 'shop/cart/cart': ['cart:7'] }), NOW)).toEqual([]);
  });
});

describe('fleetChanges', () => {
  it('puts transitions, warning bursts and observed changes in one list, newest first, within the window', () => {
    const report = fleetChanges(
      {
        transitions: [
          transition({ at: NOW - 30 * HOUR }), // before the window
          transition({ at: NOW - 20 * HOUR, from: null, to: 'healthy', reason: null }), // the first status: no change
          transition({ at: NOW - 3 * HOUR }),
          transition({ at: NOW - 2 * HOUR, from: 'degraded', to: 'healthy', reason: null }),
        ],
        events: Array.from({ length: 3 }, (_, i) => backOff(`cart-${i}`)),
        observed: [{ kind: 'version', at: NOW - 10 * MIN, cluster: 'dev', text: 'kube-apiserver v1.31.0 → v1.32.0' }],
      },
      NOW,
    );
    expect(report.changes.map((c) => [c.kind, c.cluster, (NOW - c.at) / MIN, c.text])).toEqual([
      ['burst', 'prod-us', 1, '15 BackOff across 3 pods in prod-us/shop in 5m'],
      ['version', 'dev', 10, 'kube-apiserver v1.31.0 → v1.32.0'],
      ['status', 'prod-eu', 120, 'degraded → healthy'],
      ['status', 'prod-eu', 180, 'healthy → degraded: 2 of 12 nodes NotReady'],
    ]);
    expect(report.changes[2]?.status).toBe('healthy');
  });

  it('keeps the newest `max`', () => {
    const transitions = Array.from({ length: 80 }, (_, i) => transition({ at: NOW - i * MIN, to: i % 2 ? 'degraded' : 'healthy' }));
    const report = fleetChanges({ transitions, events: [], observed: [] }, NOW);
    expect(report.changes).toHaveLength(50);
    expect(report.changes[0]?.at).toBe(NOW);
  });
});
