import { describe, expect, it } from 'vitest';
import { fieldSelector, labelSelector } from './selectors';
import type { KubeObject } from './types';

const event = (fields: Record<string, unknown>): KubeObject => ({
  metadata: { name: 'e1', namespace: 'payments', uid: 'u', resourceVersion: '1', creationTimestamp: '' },
  ...fields,
});
const pod = (labels: Record<string, string>): KubeObject => ({ metadata: { name: 'p', uid: 'u', resourceVersion: '1', creationTimestamp: '', labels } });

describe('fieldSelector', () => {
  const warning = event({ type: 'Warning', reason: 'BackOff', involvedObject: { kind: 'Pod', name: 'api-1' }, source: { component: 'kubelet' } });
  it('matches =, == and != terms, all of them', () => {
    const check = (text: string) => {
      const parsed = fieldSelector('events', text);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.match(warning);
    };
    expect(check('type=Warning')).toBe(true);
    expect(check('type==Warning,involvedObject.name=api-1')).toBe(true);
    expect(check('type!=Warning')).toBe(false);
    expect(check('involvedObject.kind=Node')).toBe(false);
    expect(check('regarding.name=api-1,source=kubelet')).toBe(true);
  });
  it('refuses fields the resource does not support, as the API server words it', () => {
    expect(fieldSelector('events', 'colour=red')).toEqual({ ok: false, message: 'field label not supported: colour' });
    expect(fieldSelector('nodes', 'type=Warning')).toEqual({ ok: false, message: 'field label not supported: type' });
  });
});

describe('labelSelector', () => {
  const check = (text: string, labels: Record<string, string>) => {
    const parsed = labelSelector(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.match(pod(labels));
  };
  it('supports equality, sets and existence', () => {
    expect(check('app=api', { app: 'api' })).toBe(true);
    expect(check('app!=api', { app: 'api' })).toBe(false);
    expect(check('app!=api', {})).toBe(true);
    expect(check('app in (api, web),tier', { app: 'web', tier: 'x' })).toBe(true);
    expect(check('app notin (api)', { app: 'web' })).toBe(true);
    expect(check('!canary', { canary: 'true' })).toBe(false);
    expect(check('topology.kubernetes.io/zone=eu-west-1a', { 'topology.kubernetes.io/zone': 'eu-west-1a' })).toBe(true);
  });
  it('refuses what it cannot parse', () => {
    expect(labelSelector('app=(x').ok).toBe(false);
  });
});
