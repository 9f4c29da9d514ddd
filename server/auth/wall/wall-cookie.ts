import { signJson, verifySignedJson } from '../signed-value';

/** What the wall cookie says: the token it was exchanged for (its credential and version), and until when it holds. */
export interface WallPass {
  readonly credential: string;
  readonly version: string;
  readonly expiresAt: number;
}

export function encodeWallPass(key: Buffer, pass: WallPass): string {
  return signJson(key, pass);
}

/** The pass a wall cookie carries; null when it is not one of ours, or has expired. */
export function decodeWallPass(key: Buffer, value: string, now: number): WallPass | null {
  const data = verifySignedJson(key, value);
  if (typeof data !== 'object' || data === null) return null;
  const credential: unknown = Object.getOwnPropertyDescriptor(data, 'credential')?.value;
  const version: unknown = Object.getOwnPropertyDescriptor(data, 'version')?.value;
  const expiresAt: unknown = Object.getOwnPropertyDescriptor(data, 'expiresAt')?.value;
  if (typeof credential !== 'string' || typeof version !== 'string' || typeof expiresAt !== 'number' || expiresAt <= now) return null;
  return { credential, version, expiresAt };
}
