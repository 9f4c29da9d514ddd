import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** `::ffff:10.0.0.5` (an IPv4 client of a dual-stack socket) is 10.0.0.5. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/** A set of addresses and CIDRs (10.0.0.5, 10.0.0.0/24, fd00::/8), IPv4 and IPv6. */
export interface AddressSet {
  has(address: string): boolean;
}

/** The set, or the entries that are not an address or a CIDR. */
export function addressSet(entries: readonly string[]): { ok: true; set: AddressSet } | { ok: false; bad: string[] } {
  const list = new BlockList();
  const bad: string[] = [];
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.trim().split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (family === 0 || rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      bad.push(entry);
      continue;
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  if (bad.length) return { ok: false, bad };
  return {
    ok: true,
    set: {
      has(address) {
        const plain = plainAddress(address);
        const family = isIP(plain);
        return family !== 0 && list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
      },
    },
  };
}

/** The address the request's connection comes from. */
export function socketAddress(req: IncomingMessage): string {
  return plainAddress(req.socket.remoteAddress ?? '');
}

/**
 * The client's address: the connection's, or, when that is a trusted proxy,
 * the nearest address in `X-Forwarded-For` that is not one (the proxy
 * appends the address it was reached from; anything left of it the client
 * could have written).
 */
export function clientAddress(req: IncomingMessage, trusted: AddressSet | null): string {
  const socket = socketAddress(req);
  if (!trusted?.has(socket)) return socket;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => plainAddress(h.trim()))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? '';
    if (!trusted.has(hop)) return hop;
  }
  return hops[0] ?? socket;
}
