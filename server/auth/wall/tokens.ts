import type { Identity } from '../types';

/**
 * The bearer tokens a wall screen may be given, as the wall needs them. The
 * token registry of issue 17 (auth.tokens, auth.tokensFile) implements it;
 * until it is merged, tests give their own.
 *
 * Revocation is coordinated through Identity.credential: a token's identity
 * carries a credential that names that token (and changes when a token of
 * the same name is created again); the wall cookie keeps the credential, and
 * every request of the wall asks `byCredential` whether it still stands.
 */
export interface WallTokens {
  /** The identity a presented token stands for, or null when it is unknown or revoked (compared in constant time). */
  verify(token: string): Identity | null;
  /** The identity of the token behind `credential` as configured now; null once that token is revoked. */
  byCredential(credential: string): Identity | null;
  /**
   * Calls `listener` with the credential of each token revoked from now on
   * (removed from auth.tokens or auth.tokensFile); returns the unsubscribe.
   * main.ts hands these to the stream hub, which closes their websockets
   * with close code 4401 (CLOSE_CODES.accessRevoked).
   */
  onRevoked(listener: (credential: string) => void): () => void;
}
