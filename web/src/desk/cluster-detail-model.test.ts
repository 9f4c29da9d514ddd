import { describe, expect, it } from 'vitest';
import type { ClusterDetail, NodeRow } from '../../../shared/cluster-detail';
import { isClusterDetail, isCostHistory, nodesSource, nodesSummary } from './cluster-detail-model';

const node = (name: string, ready: boolean): NodeRow => ({ name, ready, problems: [], kubeletVersion: null, containerRuntime: null, osImage: null });
const detail = (items: NodeRow[], source: ClusterDetail['nodes']['source']): ClusterDetail => ({
  generatedAt: 0,
  health: {
    cluster: 'a',
    labels: {},
    status: 'healthy',
    reasons: [],
    nodes: null,
    version: null,
    dataAgeMs: null,
    prometheus: { ok: true, lastSuccess: 0, error: null },
    kubernetes: { ok: true, lastSuccess: 0, error: null },
  },
  nodes: { source, note: null, items },
  failingPods: { source: 'kube-state-metrics', note: null, total: 0, items: [] },
});

describe('cluster detail view model', () => {
  it('sums up the nodes and names their source', () => {
    expect(nodesSummary(detail([node('a', false), node('b', true), node('c', true)], 'kubernetes-api'))).toBe('1 of 3 NotReady');
    expect(nodesSummary(detail([node('b', true)], 'kube-state-metrics'))).toBe('all 1 Ready');
    expect(nodesSummary(detail([], null))).toBe('none listed');
    expect(nodesSource(detail([], 'kube-state-metrics'))).toContain('kube_node_status_condition');
    expect(nodesSource(detail([], null))).toBe('no source available');
  });

  it('accepts only the response shapes it can draw', () => {
    expect(isClusterDetail(detail([], null))).toBe(true);
    expect(isClusterDetail({ error: 'no cluster "x" in this fleet' })).toBe(false);
    expect(isCostHistory({ fleet: [], clusters: [] })).toBe(true);
    expect(isCostHistory({ fleet: null })).toBe(false);
  });
});
