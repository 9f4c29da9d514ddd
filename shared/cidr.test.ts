import { describe, expect, it } from 'vitest';
import { cidrOverlap, formatCidr, parseCidr } from './cidr';

const overlap = (a: string, b: string): string | null => {
  const ra = parseCidr(a);
  const rb = parseCidr(b);
  if (!ra || !rb) throw new Error(`not CIDRs: ${a} ${b}`);
  const o = cidrOverlap(ra, rb);
  return o ? formatCidr(o) : null;
};

describe('CIDR overlap', () => {
  it('finds the same IPv4 range, a nested one and none between adjacent ranges', () => {
    expect(overlap('10.4.0.0/16', '10.4.0.0/16')).toBe('10.4.0.0/16');
    expect(overlap('10.4.0.0/16', '10.4.7.0/24')).toBe('10.4.7.0/24');
    expect(overlap('10.4.7.0/24', '10.0.0.0/8')).toBe('10.4.7.0/24');
    expect(overlap('10.4.0.0/24', '10.4.1.0/24')).toBeNull();
    expect(overlap('10.4.0.0/23', '10.4.2.0/23')).toBeNull();
    expect(overlap('0.0.0.0/0', '192.168.1.0/24')).toBe('192.168.1.0/24');
  });

  it('finds IPv6 overlaps and writes them in the canonical form', () => {
    expect(overlap('fd00:10::/48', 'fd00:10:0:5::/64')).toBe('fd00:10:0:5::/64');
    expect(overlap('FD00:0010:0000:0000::/64', 'fd00:10::/64')).toBe('fd00:10::/64');
    expect(overlap('fd00:10::/64', 'fd00:10:0:1::/64')).toBeNull();
    expect(overlap('2001:db8::/32', '2001:db8:ffff:ffff::/64')).toBe('2001:db8:ffff:ffff::/64');
  });

  it('never overlaps IPv4 with IPv6', () => {
    expect(overlap('10.0.0.0/8', '::ffff:10.0.0.0/104')).toBeNull();
  });

  it('clears host bits and refuses what is not a CIDR', () => {
    expect(formatCidr(parseCidr('10.4.3.7/16')!)).toBe('10.4.0.0/16');
    for (const bad of ['10.4.0.0', '10.4.0.0/33', '10.4.0/16', '256.0.0.0/8', 'fd00::1::/64', 'fd00::/129', 'x/8', '10.0.0.0/8/1'])
      expect(parseCidr(bad), bad).toBeNull();
  });
});
