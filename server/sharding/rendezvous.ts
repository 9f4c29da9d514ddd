import { createHash } from 'node:crypto';

/** A member's weight for a cluster: the first 8 bytes of SHA-256 over both names (a NUL between them, which no name holds). */
function weight(member: string, cluster: string): bigint {
  return createHash('sha256').update(`${member}\0${cluster}`).digest().readBigUInt64BE(0);
}

/**
 * Rendezvous (highest random weight) hashing: the member with the highest
 * weight for the cluster owns it. Every replica that sees the same members
 * picks the same owner, and a member joining or leaving moves only the
 * clusters it gains or owned (about 1/N of them). Null with no members.
 */
export function ownerOf(cluster: string, members: readonly string[]): string | null {
  let best: string | null = null;
  let bestWeight = -1n;
  for (const member of members) {
    const w = weight(member, cluster);
    // Ties (never seen with SHA-256) go to the lower name, so that every replica agrees.
    if (w > bestWeight || (w === bestWeight && best !== null && member < best)) {
      best = member;
      bestWeight = w;
    }
  }
  return best;
}

/** Each cluster's owner among the members. */
export function assign(clusters: readonly string[], members: readonly string[]): Map<string, string | null> {
  return new Map(clusters.map((c) => [c, ownerOf(c, members)]));
}
