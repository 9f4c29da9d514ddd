import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TlsServerSettings } from './types';

/** The SAN kinds client_allowed_sans matches (Go's DNSNames, EmailAddresses, IPAddresses, URIs), in Node's subjectAltName spelling. */
const MATCHED_KINDS = new Set(['DNS', 'email', 'IP Address', 'URI']);

/** One IP address in one spelling (IPv6 compressed, lower case), so "0:0:0:0:0:0:0:1" and "::1" compare equal. */
function canonicalIp(address: string): string {
  return isIP(address) === 6 ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

/**
 * The SAN values of a certificate, from Node's `subjectAltName` text
 * ("DNS:a.example, IP Address:10.0.0.1, URI:spiffe://x"; a value holding a
 * separator is written as a JSON string), of the kinds client_allowed_sans
 * matches.
 */
export function subjectAltNames(text: string | undefined): string[] {
  const values: string[] = [];
  let at = 0;
  while (text !== undefined && at < text.length) {
    const colon = text.indexOf(':', at);
    if (colon < 0) break;
    const kind = text.slice(at, colon);
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = colon + 2;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      end += 1;
      value = String(JSON.parse(text.slice(colon + 1, end)));
    } else {
      end = text.indexOf(', ', colon);
      if (end < 0) end = text.length;
      value = text.slice(colon + 1, end);
    }
    if (MATCHED_KINDS.has(kind)) values.push(kind === 'IP Address' ? canonicalIp(value) : value);
    at = end + 2;
  }
  return values;
}

function hasAllowedSan(certificate: X509Certificate, allowed: readonly string[]): boolean {
  const wanted = new Set(allowed.map(canonicalIp));
  return subjectAltNames(certificate.subjectAltName).some((value) => wanted.has(value));
}

/**
 * Why a TLS connection is refused under client_auth_type and
 * client_allowed_sans, as Go's tls.ClientAuthType means them; null when it
 * may go on. Judged after the handshake, on a server that asked for a
 * certificate without rejecting it, so that a reloaded file's policy applies
 * to the next connection at once.
 */
export function clientCertRefusal(socket: TLSSocket, tls: TlsServerSettings): string | null {
  if (tls.clientAuth === 'NoClientCert') return null;
  const certificate = socket.getPeerX509Certificate();
  const required = tls.clientAuth === 'RequireAnyClientCert' || tls.clientAuth === 'RequireAndVerifyClientCert' || tls.clientAllowedSans !== null;
  if (!certificate) return required ? `no client certificate (client_auth_type ${tls.clientAuth})` : null;
  const verified = tls.clientAuth === 'VerifyClientCertIfGiven' || tls.clientAuth === 'RequireAndVerifyClientCert';
  if (verified && !socket.authorized) return `client certificate not trusted: ${String(socket.authorizationError)}`;
  if (tls.clientAllowedSans !== null && !hasAllowedSan(certificate, tls.clientAllowedSans)) return 'client certificate carries none of client_allowed_sans';
  return null;
}
