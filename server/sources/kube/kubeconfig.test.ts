import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load';
import { kubeConfigForSource, kubeconfigPaths, loadMergedKubeconfig, matchContexts } from './kubeconfig';
import { resolveClusters } from './resolve-clusters';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetscope-kubeconfig-'));
function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

const first = file(
  'a.yaml',
  `apiVersion: v1
kind: Config
current-context: prod-eu
clusters:
- name: eu
  cluster: { server: https://eu.example:6443, certificate-authority: ca-eu.pem }
- name: shared
  cluster: { server: https://first.example:6443 }
users:
- name: eu-admin
  user: { token: secret-eu }
contexts:
- name: prod-eu
  context: { cluster: eu, user: eu-admin }
- name: staging
  context: { cluster: shared, user: eu-admin }
`,
);
const second = file(
  'b.yaml',
  `apiVersion: v1
kind: Config
current-context: prod-us
clusters:
- name: us
  cluster: { server: https://us.example:6443, insecure-skip-tls-verify: true }
- name: shared
  cluster: { server: https://second.example:6443 }
users:
- name: us-exec
  user:
    exec: { apiVersion: client.authentication.k8s.io/v1, command: /bin/echo, args: ["{}"] }
contexts:
- name: prod-us
  context: { cluster: us, user: us-exec }
- name: arn:aws:eks:us-east-1:1:cluster/batch
  context: { cluster: us, user: us-exec }
`,
);

describe('kubeconfig loading', () => {
  it('reads KUBECONFIG as a list, else ~/.kube/config', () => {
    expect(kubeconfigPaths(undefined, { KUBECONFIG: `${first}${path.delimiter}${second}`, HOME: '/h' })).toEqual([first, second]);
    expect(kubeconfigPaths(undefined, { HOME: '/h' })).toEqual(['/h/.kube/config']);
    expect(kubeconfigPaths('/x', { KUBECONFIG: first })).toEqual(['/x']);
    expect(kubeconfigPaths(['~/.kube/fleet.yaml', '/y'], { HOME: '/h' })).toEqual(['/h/.kube/fleet.yaml', '/y']);
  });

  it('merges like kubectl: the first file wins names and current-context; missing files are skipped', () => {
    const merged = loadMergedKubeconfig([first, path.join(dir, 'missing.yaml'), second]);
    if (!merged.ok) throw new Error(merged.problem);
    expect(merged.value.getCurrentContext()).toBe('prod-eu');
    expect(merged.value.getCluster('shared')?.server).toBe('https://first.example:6443');
    expect(merged.value.getContexts().map((c) => c.name)).toEqual(['prod-eu', 'staging', 'prod-us', 'arn:aws:eks:us-east-1:1:cluster/batch']);
    expect(matchContexts(merged.value, 'prod-*')).toEqual(['prod-eu', 'prod-us']);
    expect(loadMergedKubeconfig([path.join(dir, 'nope')])).toEqual({ ok: false, problem: `kubeconfig ${path.join(dir, 'nope')}: no such file` });
    expect(loadMergedKubeconfig([path.join(dir, 'nope'), path.join(dir, 'nah')])).toEqual({
      ok: false,
      problem: `no kubeconfig file found: no such file ${path.join(dir, 'nope')}, ${path.join(dir, 'nah')}`,
    });
  });

  it('selects one context with its cluster and user; relative paths are relative to the file', () => {
    const env = { KUBECONFIG: `${first}${path.delimiter}${second}` };
    const eu = kubeConfigForSource({ versionInterval: 1, requestTimeout: 1, watchIdleTimeout: 1, eventRingSize: 1 }, env);
    if (!eu.ok) throw new Error(eu.problem);
    expect(eu.value.server).toBe('https://eu.example:6443');
    expect(eu.value.kc.getCurrentCluster()?.caFile).toBe(path.join(dir, 'ca-eu.pem'));
    expect(eu.value.origin).not.toContain('secret');
    const us = kubeConfigForSource({ context: 'prod-us', versionInterval: 1, requestTimeout: 1, watchIdleTimeout: 1, eventRingSize: 1 }, env);
    expect(us.ok && us.value.insecure).toBe(true);
    expect(us.ok && us.value.kc.getCurrentUser()?.exec?.command).toBe('/bin/echo');
    const missing = kubeConfigForSource({ context: 'nope', versionInterval: 1, requestTimeout: 1, watchIdleTimeout: 1, eventRingSize: 1 }, env);
    expect(missing).toEqual({
      ok: false,
      problem: expect.stringContaining('no context "nope" (known: prod-eu, staging, prod-us, arn:aws:eks:us-east-1:1:cluster/batch)'),
    });
  });

  it('says when in-cluster config is asked for outside a pod', () => {
    expect(kubeConfigForSource({ inCluster: true, versionInterval: 1, requestTimeout: 1, watchIdleTimeout: 1, eventRingSize: 1 }, {})).toEqual({
      ok: false,
      problem: expect.stringContaining('KUBERNETES_SERVICE_HOST'),
    });
  });
});

describe('config: kubernetes sources', () => {
  const problems = (document: unknown) => {
    const result = validateConfig(document);
    return result.ok ? [] : result.problems;
  };

  it('names every conflicting setting with its path', () => {
    expect(problems({ clusters: [{ name: 'a', kubernetes: { server: 'https://a:6443', context: 'x' } }] })).toEqual([
      'clusters[0].kubernetes.server: give either server or kubeconfig/context, not both',
    ]);
    expect(problems({ clusters: [{ name: 'a', kubernetes: { context: 'x', token: 't', inCluster: true } }] })).toEqual([
      'clusters[0].kubernetes.inCluster: inCluster cannot be combined with server, kubeconfig or context',
      'clusters[0].kubernetes.token: token only applies with server (a kubeconfig or the service account carries its own)',
    ]);
    expect(problems({})).toEqual(['clusters: must list at least one cluster (or kubeconfigClusters)']);
  });

  it('expands the bulk form: every matching context, renamed where asked; bad names are refused', () => {
    const config = validateConfig({
      kubeconfigClusters: [
        { kubeconfig: [first, second], contexts: '*', rename: { 'arn:aws:eks:us-east-1:1:cluster/batch': 'batch' }, labels: { env: 'prod' } },
      ],
    });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const resolved = resolveClusters(config.config, {});
    expect(resolved.problems).toEqual([]);
    expect(resolved.clusters.map((c) => c.name)).toEqual(['prod-eu', 'staging', 'prod-us', 'batch']);
    expect(resolved.clusters[3]?.labels).toEqual({ env: 'prod' });
    expect(resolved.kube.get('batch')?.server).toBe('https://us.example:6443');

    const unnamed = validateConfig({
      kubeconfigClusters: [
        { kubeconfig: second, contexts: 'arn:*' },
        { kubeconfig: first, contexts: 'dev-*' },
      ],
    });
    if (!unnamed.ok) throw new Error(unnamed.problems.join('\n'));
    expect(resolveClusters(unnamed.config, {}).problems).toEqual([
      'kubeconfigClusters[0]: context "arn:aws:eks:us-east-1:1:cluster/batch" is not a valid cluster name; give it one with rename: { "arn:aws:eks:us-east-1:1:cluster/batch": NAME }',
      `kubeconfigClusters[1].contexts: no context of ${first} matches "dev-*" (known: prod-eu, staging)`,
    ]);
  });

  it('gives every cluster of the bulk form the same Prometheus Service, and refuses a url there', () => {
    const service = { namespace: 'monitoring', name: 'prometheus-k8s', port: 'web' };
    const config = validateConfig({ kubeconfigClusters: [{ kubeconfig: first, contexts: 'prod-*', prometheus: { service } }] });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const resolved = resolveClusters(config.config, {});
    expect(resolved.clusters.map((c) => [c.name, c.prometheus?.service])).toEqual([['prod-eu', { ...service, scheme: 'http', path: '/federate' }]]);
    expect(problems({ kubeconfigClusters: [{ contexts: '*', prometheus: { url: 'http://prometheus:9090/federate' } }] })).toEqual([
      "kubeconfigClusters[0].prometheus.service: the bulk form federates through each cluster's API server: give service, not url (one url would be the same Prometheus for every cluster)",
    ]);
  });
});
