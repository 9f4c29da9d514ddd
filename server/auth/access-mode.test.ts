import { describe, expect, it } from 'vitest';
import { decideAccess, isLoopback } from './access-mode';

describe('the safe default', () => {
  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.0.2.2', 'fleetscope.lan', ''].some(isLoopback)).toBe(false);
  });
  it('is open on loopback with nothing configured, on with anything configured, refused elsewhere, and off on purpose with mode none', () => {
    expect(decideAccess({ mode: 'auto', configured: [], listenHost: '127.0.0.1' })).toEqual({ ok: true, mode: 'loopback' });
    expect(decideAccess({ mode: 'auto', configured: ['auth.tokens'], listenHost: '0.0.0.0' })).toEqual({ ok: true, mode: 'on' });
    expect(decideAccess({ mode: 'auto', configured: ['auth.tokens'], listenHost: '127.0.0.1' })).toEqual({ ok: true, mode: 'on' });
    expect(decideAccess({ mode: 'none', configured: [], listenHost: '0.0.0.0' })).toEqual({ ok: true, mode: 'none' });
    expect(decideAccess({ mode: 'auto', configured: [], listenHost: '0.0.0.0' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a loopback address'),
    });
    expect(decideAccess({ mode: 'none', configured: ['auth.oidc', 'auth.proxy'], listenHost: '0.0.0.0' })).toEqual({
      ok: false,
      message:
        'auth.mode: none turns access control off, but auth.oidc, auth.proxy are configured: remove auth.mode: none to use them, or remove them to serve fleetscope open on purpose.',
    });
  });
});
