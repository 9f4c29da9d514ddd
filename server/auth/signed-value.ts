import { createHmac, timingSafeEqual } from 'node:crypto';

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(payload).digest();
}

/** `payload.mac`: the payload (which must not contain ".") and its HMAC-SHA256 in base64url. */
export function signValue(key: Buffer, payload: string): string {
  if (payload.includes('.')) throw new Error('a signed payload must not contain "."');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The payload of a value signValue made with the same key; null for anything else (compared in constant time). */
export function verifySignedValue(key: Buffer, value: string): string | null {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const payload = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1), 'base64url');
  const expected = mac(key, payload);
  return given.length === expected.length && timingSafeEqual(given, expected) ? payload : null;
}

/** A JSON object as a signed value (base64url, so no "."). */
export function signJson(key: Buffer, value: object): string {
  return signValue(key, Buffer.from(JSON.stringify(value)).toString('base64url'));
}

/** The JSON a signJson value carries, or null when it is not one made with this key. */
export function verifySignedJson(key: Buffer, value: string): unknown {
  const payload = verifySignedValue(key, value);
  if (payload === null) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return parsed;
  } catch {
    return null;
  }
}
