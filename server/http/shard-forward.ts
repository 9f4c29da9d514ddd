import type { Request, Response } from 'express';

/** On a request one replica of a sharded fleet makes to another: the clusters asked of it (comma-separated); it answers from what it scrapes and asks no one else. */
export const SHARD_CLUSTERS_HEADER = 'fleetscope-shard-clusters';
/** How long a replica waits for another to start answering. */
export const PEER_TIMEOUT_MS = 10_000;

/** Another replica of a sharded fleet, as its heartbeat names it. */
export interface Peer {
  readonly replica: string;
  readonly url: string;
}

/** The caller's credentials, handed on to another replica (the replicas share the access config and the sessions). */
export function forwardedCredentials(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['authorization', 'cookie'] as const) {
    const value = req.headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** Whether the request came from another replica (which must not be forwarded again). */
export function fromPeer(req: Request): boolean {
  return typeof req.headers[SHARD_CLUSTERS_HEADER] === 'string';
}

/** Answers with what the peer answers to the same GET (a JSON API of one cluster), or 502 naming the replica that did not answer. */
export async function forwardJson(req: Request, res: Response, peer: Peer, cluster: string): Promise<void> {
  try {
    const answer = await fetch(`${peer.url.replace(/\/+$/, '')}${req.originalUrl}`, {
      headers: { ...forwardedCredentials(req), accept: 'application/json', [SHARD_CLUSTERS_HEADER]: cluster },
      signal: AbortSignal.timeout(PEER_TIMEOUT_MS),
    });
    const body = await answer.text();
    res.status(answer.status).type(answer.headers.get('content-type') ?? 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.send(body);
  } catch (error) {
    res.status(502).json({
      error: `cluster "${cluster}" is scraped by replica ${peer.replica} (${peer.url}), which did not answer: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
}
