import { describe, expect, it } from 'vitest';
import { parseKubeVersion } from '../../shared/kube-version';
import { skewFindings, upgradeReadiness, type ClusterVersions } from './skew-policy';

const v = (text: string) => {
  const parsed = parseKubeVersion(text);
  if (!parsed) throw new Error(`bad test version ${text}`);
  return parsed;
};

function cluster(apiServers: string[], kubelets: string[], controlPlane: Array<[string, 'kube-controller-manager' | 'kube-scheduler']> = []): ClusterVersions {
  return {
    apiServers: apiServers.map((a, i) => ({ component: 'kube-apiserver', subject: `apiserver-${i}`, version: v(a) })),
    nodes: kubelets.map((k, i) => ({ node: `node-${i}`, kubelet: v(k), kubeProxy: v(k) })),
    controlPlane: controlPlane.map(([version, component], i) => ({ component, subject: `${component}-${i}`, version: v(version) })),
  };
}

const rulesOf = (versions: ClusterVersions) => skewFindings(versions).map((f) => `${f.rule} ${f.subject}`);

describe('kubelet and kube-proxy against kube-apiserver (the policy page examples)', () => {
  it('API server 1.35 allows kubelets 1.35, 1.34, 1.33 and 1.32', () => {
    expect(rulesOf(cluster(['v1.35.0'], ['v1.35.1', 'v1.34.3', 'v1.33.0', 'v1.32.9']))).toEqual([]);
  });

  it('API server 1.35 refuses kubelet 1.31 (too old) and 1.36 (newer), citing the rule', () => {
    const findings = skewFindings(cluster(['v1.35.0'], ['v1.31.4', 'v1.36.0']));
    expect(findings.map((f) => `${f.rule} ${f.component} ${f.subject}`)).toEqual([
      'kubelet_too_old kubelet node-0',
      'kube_proxy_too_old kube-proxy node-0',
      'kubelet_newer kubelet node-1',
      'kube_proxy_newer kube-proxy node-1',
    ]);
    expect(findings[0]!.message).toBe('kubelet v1.31.4 on node-0 is 4 minors older than kube-apiserver 1.35 (at most 3 allowed)');
    expect(findings[0]!.policy).toContain('up to three minor versions older');
    expect(findings[2]!.message).toBe('kubelet v1.36.0 on node-1 is 1 minor newer than kube-apiserver 1.35');
    expect(findings[2]!.severity).toBe('critical');
  });

  it('HA API servers 1.35 and 1.34 allow kubelets 1.34 to 1.32 only', () => {
    const ha = ['v1.35.2', 'v1.34.5'];
    expect(rulesOf(cluster(ha, ['v1.34.0', 'v1.33.0', 'v1.32.0']))).toEqual([]);
    const findings = skewFindings(cluster(ha, ['v1.35.0', 'v1.31.0'])).filter((f) => f.component === 'kubelet');
    expect(findings.map((f) => f.rule)).toEqual(['kubelet_newer', 'kubelet_too_old']);
    expect(findings[0]!.message).toBe('kubelet v1.35.0 on node-0 is 1 minor newer than kube-apiserver 1.34 (the oldest of the HA instances 1.35 and 1.34)');
  });

  it('kubelets older than 1.25 may be only two minors behind', () => {
    expect(rulesOf(cluster(['v1.25.0'], ['v1.23.17']))).toEqual([]);
    // The recorded kube-apiserver 1.26 fixture: a v1.23.17 kubelet under v1.26.4.
    const findings = skewFindings(cluster(['v1.26.4'], ['v1.23.17'])).filter((f) => f.component === 'kubelet');
    expect(findings.map((f) => f.message)).toEqual(['kubelet v1.23.17 on node-0 is 3 minors older than kube-apiserver 1.26 (at most 2 allowed)']);
  });
});

describe('kube-apiserver HA and the other control-plane components', () => {
  it('HA instances must be within one minor', () => {
    expect(rulesOf(cluster(['v1.35.0', 'v1.34.0'], []))).toEqual([]);
    expect(rulesOf(cluster(['v1.35.0', 'v1.33.0'], []))).toEqual(['apiserver_ha apiserver-1']);
  });

  it('controller-manager and scheduler: never newer, at most one older (1.35 with 1.34 HA allows only 1.34)', () => {
    expect(
      rulesOf(
        cluster(
          ['v1.35.0'],
          [],
          [
            ['v1.35.0', 'kube-controller-manager'],
            ['v1.34.1', 'kube-scheduler'],
          ],
        ),
      ),
    ).toEqual([]);
    expect(
      rulesOf(
        cluster(
          ['v1.35.0', 'v1.34.0'],
          [],
          [
            ['v1.35.0', 'kube-controller-manager'],
            ['v1.34.1', 'kube-scheduler'],
            ['v1.33.0', 'kube-scheduler'],
          ],
        ),
      ),
    ).toEqual(['control_plane_newer kube-controller-manager-0', 'control_plane_too_old kube-scheduler-2']);
  });

  it('kube-proxy within three minors of its kubelet', () => {
    const versions: ClusterVersions = {
      apiServers: [{ component: 'kube-apiserver', subject: 'api', version: v('v1.35.0') }],
      nodes: [{ node: 'n', kubelet: v('v1.35.0'), kubeProxy: v('v1.32.0') }],
      controlPlane: [],
    };
    expect(rulesOf(versions)).toEqual([]);
  });
});

describe('upgrade readiness', () => {
  it('names the kubelets to upgrade before the next minor', () => {
    const readiness = upgradeReadiness(cluster(['v1.35.0'], ['v1.35.0', 'v1.32.7', 'v1.33.1']));
    expect(readiness).toEqual({
      target: '1.36',
      ready: false,
      blockers: [
        { component: 'kubelet', subject: 'node-1', version: 'v1.32.7', needsAtLeast: '1.33' },
        { component: 'kube-proxy', subject: 'node-1', version: 'v1.32.7', needsAtLeast: '1.33' },
      ],
    });
    expect(upgradeReadiness(cluster(['v1.35.0'], ['v1.33.0']))).toEqual({ target: '1.36', ready: true, blockers: [] });
  });

  it('lagging HA instances and controller-managers block too', () => {
    const readiness = upgradeReadiness(cluster(['v1.35.0', 'v1.34.0'], [], [['v1.34.2', 'kube-controller-manager']]));
    expect(readiness?.blockers.map((b) => `${b.component} ${b.version} → ${b.needsAtLeast}`)).toEqual([
      'kube-apiserver v1.34.0 → 1.35',
      'kube-controller-manager v1.34.2 → 1.35',
    ]);
  });
});
