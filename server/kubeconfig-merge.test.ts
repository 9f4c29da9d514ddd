import { describe, expect, it } from 'vitest';
import { mergeKubeconfig, type KubeconfigEntry } from './kubeconfig-merge';

const entry = (name: string, server: string): KubeconfigEntry => ({
  name,
  cluster: { server, 'certificate-authority-data': 'Q0E=' },
  user: { token: `t-${name}` },
});

describe('mergeKubeconfig', () => {
  it('makes a new kubeconfig with the entry as its current context', () => {
    expect(mergeKubeconfig(null, entry('prod-eu', 'https://eu:6443'))).toEqual({
      ok: true,
      contexts: ['prod-eu'],
      document: {
        apiVersion: 'v1',
        kind: 'Config',
        preferences: {},
        clusters: [{ name: 'prod-eu', cluster: { server: 'https://eu:6443', 'certificate-authority-data': 'Q0E=' } }],
        users: [{ name: 'prod-eu', user: { token: 't-prod-eu' } }],
        contexts: [{ name: 'prod-eu', context: { cluster: 'prod-eu', user: 'prod-eu' } }],
        'current-context': 'prod-eu',
      },
    });
  });

  it('replaces the entries of the same name and keeps the others and the current context', () => {
    const first = mergeKubeconfig(null, entry('prod-eu', 'https://old:6443'));
    const second = first.ok ? mergeKubeconfig(first.document, entry('prod-us', 'https://us:6443')) : first;
    const third = second.ok ? mergeKubeconfig(second.document, entry('prod-eu', 'https://new:6443')) : second;
    if (!third.ok) throw new Error(third.problem);
    expect(third.contexts).toEqual(['prod-us', 'prod-eu']);
    expect(third.document.clusters).toEqual([
      { name: 'prod-us', cluster: { server: 'https://us:6443', 'certificate-authority-data': 'Q0E=' } },
      { name: 'prod-eu', cluster: { server: 'https://new:6443', 'certificate-authority-data': 'Q0E=' } },
    ]);
    expect(third.document['current-context']).toBe('prod-eu');
  });

  it('refuses what is not a kubeconfig', () => {
    expect(mergeKubeconfig(['a'], entry('x', 'https://x'))).toEqual({ ok: false, problem: 'is not a kubeconfig (not a YAML mapping)' });
    expect(mergeKubeconfig({ kind: 'Deployment' }, entry('x', 'https://x'))).toEqual({
      ok: false,
      problem: 'is not a kubeconfig (kind "Deployment", not Config)',
    });
    expect(mergeKubeconfig({ kind: 'Config', clusters: 'no' }, entry('x', 'https://x'))).toMatchObject({
      ok: false,
      problem: expect.stringContaining('clusters'),
    });
  });
});
