/** A CIDR range read as numbers: IPv4 or IPv6, its first address and prefix length. */
export interface CidrRange {
  readonly family: 4 | 6;
  readonly start: bigint;
  readonly prefix: number;
}

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out = (out << 8n) | BigInt(Number(p));
  }
  return out;
}

function parseIpv6(text: string): bigint | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): string[] | null => {
    if (s === '') return [];
    const out = s.split(':');
    const last = out[out.length - 1] ?? '';
    // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
    if (last.includes('.')) {
      const v4 = parseIpv4(last);
      if (v4 === null) return null;
      out.splice(-1, 1, ((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
    }
    return out.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? out : null;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  let out = 0n;
  for (const g of [...head, ...Array<string>(missing).fill('0'), ...tail]) out = (out << 16n) | BigInt(parseInt(g, 16));
  return out;
}

/** "10.4.0.0/16" or "fd00:10::/64" as a range (host bits cleared); null when it is not a CIDR. */
export function parseCidr(text: string): CidrRange | null {
  const [address = '', length, extra] = text.trim().split('/');
  if (length === undefined || extra !== undefined || !/^\d{1,3}$/.test(length)) return null;
  const family = address.includes(':') ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(length);
  if (prefix > bits) return null;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === null) return null;
  const hostBits = BigInt(bits - prefix);
  return { family, start: (value >> hostBits) << hostBits, prefix };
}

function formatAddress(range: CidrRange): string {
  if (range.family === 4) return [24n, 16n, 8n, 0n].map((shift) => ((range.start >> shift) & 0xffn).toString()).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((range.start >> BigInt(112 - 16 * i)) & 0xffffn));
  // RFC 5952: the longest run of two or more zero groups becomes "::".
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { at: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}

/** A range written back as CIDR text, in its canonical form ("10.4.0.0/24", "fd00:10::/64"). */
export function formatCidr(range: CidrRange): string {
  return `${formatAddress(range)}/${range.prefix}`;
}

/**
 * The range two CIDRs share, or null when they share no address (other
 * families, or disjoint). Two CIDR blocks either are disjoint or one holds
 * the other, so the overlap is always the narrower block.
 */
export function cidrOverlap(a: CidrRange, b: CidrRange): CidrRange | null {
  if (a.family !== b.family) return null;
  const wide = a.prefix <= b.prefix ? a : b;
  const narrow = wide === a ? b : a;
  const bits = a.family === 4 ? 32 : 128;
  const shift = BigInt(bits - wide.prefix);
  return narrow.start >> shift === wide.start >> shift ? narrow : null;
}
