import type { Request } from 'express';
import type { Writable } from 'node:stream';
import { drained } from './paced-write';
import { forwardedCredentials, PEER_TIMEOUT_MS, SHARD_CLUSTERS_HEADER, type Peer } from './shard-forward';

/** On the answer to another replica's /federate: the clusters asked that it could not serve (comma-separated). */
export const SHARD_MISSING_HEADER = 'fleetscope-shard-missing';

/** Where a sharded replica federates each cluster from (compose/sharding.ts). */
export interface FederationPlan {
  /** Scraped here: rendered from this replica's own series. */
  readonly here: ReadonlySet<string>;
  /** Served by another replica: asked of it at its advertised URL. */
  readonly elsewhere: ReadonlyArray<Peer & { clusters: readonly string[] }>;
  /** Served by no replica now (its owner's first scrape not in yet). */
  readonly nowhere: readonly string[];
}

/** The clusters another replica asked of this one; null on a request from a client. */
export function askedClusters(req: Request): Set<string> | null {
  const header = req.headers[SHARD_CLUSTERS_HEADER];
  if (typeof header !== 'string') return null;
  return new Set(header.split(',').filter(Boolean));
}

/** A peer's answer under way: its body and what it could not serve, or why it has none. */
type PeerAnswer = { ok: true; body: ReadableStream<Uint8Array>; missing: string[] } | { ok: false; problem: string };

/**
 * Asks every other replica at once for its clusters' series, with the
 * caller's query and credentials (the replicas share the access config),
 * and answers the lines to append: each peer's body as it comes, then one
 * comment per cluster left out and why (a comment, which a scraper ignores
 * and a person reading the body sees).
 */
export function federateFromPeers(req: Request, plan: FederationPlan, signal: AbortSignal) {
  const query = req.originalUrl.slice(req.originalUrl.indexOf('?'));
  const forwarded = { ...forwardedCredentials(req), 'accept-encoding': 'identity' };
  const answers = plan.elsewhere.map(async (peer): Promise<PeerAnswer> => {
    try {
      const timeout = AbortSignal.timeout(PEER_TIMEOUT_MS);
      const res = await fetch(`${peer.url.replace(/\/+$/, '')}/federate${query}`, {
        headers: { ...forwarded, [SHARD_CLUSTERS_HEADER]: peer.clusters.join(',') },
        signal: AbortSignal.any([signal, timeout]),
      });
      if (res.status !== 200 || !res.body) {
        await res.body?.cancel();
        return { ok: false, problem: `answered HTTP ${res.status}` };
      }
      return { ok: true, body: res.body, missing: (res.headers.get(SHARD_MISSING_HEADER) ?? '').split(',').filter(Boolean) };
    } catch (error) {
      return { ok: false, problem: `did not answer: ${error instanceof Error ? error.message : String(error)}` };
    }
  });
  return {
    /** Writes each peer's body in turn, then the comments; stops when `closed()`. */
    async writeTo(target: Writable, closed: () => boolean): Promise<void> {
      const notes = plan.nowhere.map((c) => `# fleetscope: cluster ${c} left out: no replica has scraped it yet\n`);
      for (const [i, answer] of (await Promise.all(answers)).entries()) {
        const peer = plan.elsewhere[i]!;
        if (!answer.ok) {
          for (const c of peer.clusters) notes.push(`# fleetscope: cluster ${c} left out: replica ${peer.replica} (${peer.url}) ${answer.problem}\n`);
          continue;
        }
        for (const c of answer.missing) notes.push(`# fleetscope: cluster ${c} left out: replica ${peer.replica} has not scraped it yet\n`);
        try {
          const reader = answer.body.getReader();
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
            if (closed()) return void (await reader.cancel());
            if (!target.write(chunk.value)) await drained(target);
          }
        } catch (error) {
          notes.push(
            `# fleetscope: clusters ${peer.clusters.join(', ')} may be cut short: replica ${peer.replica} stopped answering (${error instanceof Error ? error.message : String(error)})\n`,
          );
        }
      }
      if (!closed()) for (const note of notes) target.write(note);
    },
  };
}
