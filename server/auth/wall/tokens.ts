import type { Identity } from '../types';

/** A bearer token as the wall knows it: its identity, and a version that changes whenever the token behind the name does. */
export interface WallToken {
  /** The token's identity; `credential` names the token (`token:NAME`), as its open websockets are closed by. */
  readonly identity: Identity;
  /**
   * Changes when a new token is made under the same name (a hash of its
   * stored hash will do): a wall cookie made from the old token is refused.
   */
  readonly version: string;
}

/**
 * The bearer tokens a wall screen may be given, as the wall needs them
 * (registry-tokens.ts makes it from the token registry). Revocation is coordinated through
 * Identity.credential: the wall cookie keeps the token's credential and
 * version, and every request of the wall asks `byCredential` whether that
 * token still stands; the websockets it opened are closed by
 * StreamHub.closeCredential(credential) like the token's own.
 */
export interface WallTokens {
  /** The token a presented secret is, or null when it is unknown or revoked (compared in constant time). */
  verify(token: string): WallToken | null;
  /** The token behind `credential` as configured now; null once it is revoked. */
  byCredential(credential: string): WallToken | null;
}
