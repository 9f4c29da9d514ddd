import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { addressSet, clientAddress } from './addresses';

function requestFrom(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: remoteAddress });
  const req = new IncomingMessage(socket);
  if (forwardedFor) req.headers['x-forwarded-for'] = forwardedFor;
  return req;
}

describe('address sets (auth.proxy.trustedAddresses)', () => {
  const set = addressSet(['10.0.0.5', '10.1.0.0/16', 'fd00::/8']);
  if (!set.ok) throw new Error(set.bad.join());

  it('match addresses and CIDRs of both families, IPv4 clients of a dual-stack socket included', () => {
    expect(['10.0.0.5', '10.1.200.3', '::ffff:10.1.0.9', 'fd12::1'].map((a) => set.set.has(a))).toEqual([true, true, true, true]);
    expect(['10.0.0.6', '10.2.0.1', 'fe80::1', 'not an address', ''].map((a) => set.set.has(a))).toEqual([false, false, false, false, false]);
  });
  it('name the entries that are not an address or a CIDR', () => {
    expect(addressSet(['10.0.0.5', 'proxy.internal', '10.0.0.0/33', '10.0.0.0/8/1'])).toEqual({
      ok: false,
      bad: ['proxy.internal', '10.0.0.0/33', '10.0.0.0/8/1'],
    });
  });
});

describe("the client's address", () => {
  const proxies = addressSet(['10.0.0.5', '10.0.0.6']);
  if (!proxies.ok) throw new Error('bad');

  it("is the connection's unless that is a trusted proxy", () => {
    expect(clientAddress(requestFrom('192.0.2.7', '198.51.100.1'), proxies.set)).toBe('192.0.2.7');
    expect(clientAddress(requestFrom('::ffff:192.0.2.7'), null)).toBe('192.0.2.7');
  });
  it('behind trusted proxies, is the nearest forwarded address that is not one of them (what is left of it the client may have written)', () => {
    expect(clientAddress(requestFrom('10.0.0.5', '203.0.113.9, 198.51.100.1, 10.0.0.6'), proxies.set)).toBe('198.51.100.1');
    expect(clientAddress(requestFrom('10.0.0.5'), proxies.set)).toBe('10.0.0.5');
  });
});
