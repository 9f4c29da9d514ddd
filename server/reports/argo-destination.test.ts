import { describe, expect, it } from 'vitest';
import { apiServerKey, argoDestination } from './argo-destination';

describe("an Argo CD application's destination, in words", () => {
  const fleet = new Map([[apiServerKey('https://EU.example:443/'), 'prod-eu']]);

  it('names the cluster Argo CD runs in, a fleet cluster by its API server, or keeps the URL', () => {
    expect(argoDestination('https://kubernetes.default.svc', 'hub', fleet)).toBe('hub (in-cluster)');
    expect(argoDestination('https://eu.example', 'hub', fleet)).toBe('cluster prod-eu (https://eu.example)');
    expect(argoDestination('https://eu.example:6443', 'hub', fleet)).toBe('https://eu.example:6443');
    expect(argoDestination('https://us.example', 'hub', undefined)).toBe('https://us.example');
    expect(argoDestination('', 'hub', fleet)).toBe('its destination');
  });
});
