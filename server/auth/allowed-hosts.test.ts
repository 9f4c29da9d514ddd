import { describe, expect, it } from 'vitest';
import { createHostCheck, hostNameOf } from './allowed-hosts';

describe('the Host check against DNS rebinding', () => {
  const allowed = createHostCheck({
    externalUrl: 'https://fleetscope.example.com/',
    allowedHosts: ['Fleetscope.Internal', '.wall.example.org'],
    listenHost: '0.0.0.0',
  });

  it("passes fleetscope's own names, any port, any letter case, with or without a trailing dot", () => {
    for (const host of [
      'fleetscope.example.com',
      'FLEETSCOPE.example.com:443',
      'fleetscope.internal:8080',
      'fleetscope.example.com.',
      'tv1.wall.example.org',
      'wall.example.org',
    ])
      expect(allowed(host), host).toBe(true);
  });
  it('passes addresses and localhost, which cannot be rebound, and a request without Host', () => {
    for (const host of ['127.0.0.1:8080', '10.1.2.3', '[::1]:8080', '[fd00::2]', 'localhost:3000', 'tv.localhost', undefined])
      expect(allowed(host), String(host)).toBe(true);
  });
  it("refuses every other name, a suffix that is not a domain's included", () => {
    for (const host of ['evil.example', 'fleetscope.example.com.evil.example', 'evilwall.example.org', 'example.com']) expect(allowed(host), host).toBe(false);
  });
  it('passes any name with "*", and the name fleetscope listens on', () => {
    expect(createHostCheck({ allowedHosts: ['*'], listenHost: '127.0.0.1' })('anything.example')).toBe(true);
    expect(createHostCheck({ allowedHosts: [], listenHost: 'fleetscope.lan' })('fleetscope.lan:8080')).toBe(true);
  });
  it('reads the name of a Host header', () => {
    expect(hostNameOf('[::1]:8080')).toBe('::1');
    expect(hostNameOf('::1')).toBe('::1');
    expect(hostNameOf('Example.COM.:80')).toBe('example.com');
  });
});
