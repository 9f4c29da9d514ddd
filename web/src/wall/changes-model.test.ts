import { describe, expect, it } from 'vitest';
import { changeLines } from './changes-model';

const NOW = Date.parse('2026-12-07T12:00:00Z');

describe('the "what changed" panel', () => {
  it('shows the selected clusters’ newest changes with their age, a transition with its status icon', () => {
    const report = {
      generatedAt: NOW,
      windowMs: 86_400_000,
      changes: [
        { kind: 'status' as const, at: NOW - 90_000, cluster: 'prod-us', text: 'healthy → degraded: 2 of 10 nodes NotReady', status: 'degraded' as const },
        { kind: 'version' as const, at: NOW - 3_600_000, cluster: 'dev', text: 'kube-apiserver v1.31.0 → v1.32.0' },
        { kind: 'burst' as const, at: NOW - 7_200_000, cluster: 'prod-eu', text: '40 BackOff across 8 pods in prod-eu/shop in 5m' },
      ],
    };
    const lines = changeLines(report, NOW, (c) => c !== 'prod-eu');
    expect(lines.map((l) => [l.icon, l.cluster, l.ago, l.text, l.status])).toEqual([
      ['▲', 'prod-us', '1 m ago', 'healthy → degraded: 2 of 10 nodes NotReady', 'degraded'],
      ['⬆', 'dev', '1 h ago', 'kube-apiserver v1.31.0 → v1.32.0', null],
    ]);
    expect(changeLines(report, NOW, () => true, 1)).toHaveLength(1);
  });
});
