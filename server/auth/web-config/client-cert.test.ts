import { describe, expect, it } from 'vitest';
import { subjectAltNames } from './client-cert';

describe('subjectAltNames', () => {
  it("reads Node's subjectAltName text: the kinds client_allowed_sans matches, quoted values, IPv6 in one spelling", () => {
    // As X509Certificate.subjectAltName writes a certificate with these SANs.
    const text =
      'DNS:a.example, DNS:"b\\u002cc.example", IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.1, URI:spiffe://cluster.local/ns/a/sa/b, email:ops@example.com, DirName:"CN=x"';
    expect(subjectAltNames(text)).toEqual(['a.example', 'b,c.example', '::1', '10.0.0.1', 'spiffe://cluster.local/ns/a/sa/b', 'ops@example.com']);
  });

  it('reads a certificate without SANs as none', () => {
    expect(subjectAltNames(undefined)).toEqual([]);
    expect(subjectAltNames('')).toEqual([]);
  });
});
